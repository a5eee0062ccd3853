import fc from 'fast-check';
import { CENTRAL_SERVICES, identitySlug, POP_SERVICES, type WorkloadIdentity } from '../index';

const trustDomain = 'platform.local';
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
const identity: fc.Arbitrary<WorkloadIdentity> = fc.oneof(
  fc.record({
    trustDomain: fc.constant(trustDomain),
    tier: fc.constant('central' as const),
    service: fc.constantFrom(...CENTRAL_SERVICES),
  }),
  fc.record({
    trustDomain: fc.constant(trustDomain),
    tier: fc.constant('pop' as const),
    pop: label,
    service: fc.constantFrom(...POP_SERVICES),
  }),
  fc.record({
    trustDomain: fc.constant(trustDomain),
    tier: fc.constant('space' as const),
    space: label,
    service: fc.constant('space-agent' as const),
  }),
  fc.record({
    trustDomain: fc.constant(trustDomain),
    tier: fc.constant('operator' as const),
    name: label,
  }),
);

describe(identitySlug.name, () => {
  it.each<[WorkloadIdentity, string]>([
    [{ trustDomain, tier: 'central', service: 'control-plane' }, 'central-control-plane'],
    [
      { trustDomain, tier: 'pop', pop: 'aws-us-east-1', service: 'pop-relay' },
      'pop-aws-us-east-1-pop-relay',
    ],
    [
      { trustDomain, tier: 'space', space: 'acme', service: 'space-agent' },
      'space-acme-space-agent',
    ],
    [{ trustDomain, tier: 'operator', name: 'dev' }, 'operator-dev'],
  ])('names %j %s', (id, slug) => {
    expect(identitySlug(id)).toBe(slug);
  });

  it('never gives two identities the same file name', () => {
    fc.assert(
      fc.property(identity, identity, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(identitySlug(a)).not.toBe(identitySlug(b));
      }),
    );
  });

  it('refuses names that could escape the directory', () => {
    expect(() => identitySlug({ trustDomain, tier: 'operator', name: '../ca' })).toThrow(
      /not a DNS-1123 label/,
    );
  });
});
