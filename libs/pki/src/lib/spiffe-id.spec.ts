import { InvalidArgumentError } from '@platform/errors';
import fc from 'fast-check';
import {
  CENTRAL_SERVICES,
  formatSpiffeId,
  parseSpiffeId,
  parseSpiffeIdFromSubjectAltName,
  POP_SERVICES,
  type WorkloadIdentity,
} from '../index';

const TD = { trustDomain: 'platform.local' };

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
const trustDomain = fc.stringMatching(/^[a-z0-9._-]{1,255}$/);
const identity: fc.Arbitrary<WorkloadIdentity> = fc.oneof(
  fc.record({
    trustDomain,
    tier: fc.constant('central' as const),
    service: fc.constantFrom(...CENTRAL_SERVICES),
  }),
  fc.record({
    trustDomain,
    tier: fc.constant('pop' as const),
    pop: label,
    service: fc.constantFrom(...POP_SERVICES),
  }),
  fc.record({
    trustDomain,
    tier: fc.constant('space' as const),
    space: label,
    service: fc.constant('space-agent' as const),
  }),
  fc.record({ trustDomain, tier: fc.constant('operator' as const), name: label }),
);
const notALabel = fc
  .oneof(
    fc.string({ maxLength: 70 }),
    label.map((value) => `${value}A`),
    label.map((value) => `-${value}`),
    label.map((value) => `${value}_x`),
    label.map((value) => `${value}.x`),
    fc.stringMatching(/^[a-z]{64,80}$/),
  )
  .filter((value) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value));

describe(formatSpiffeId.name, () => {
  it('writes each tier in its documented shape', () => {
    expect(
      formatSpiffeId({ trustDomain: 'platform.local', tier: 'central', service: 'control-plane' }),
    ).toBe('spiffe://platform.local/central/control-plane');
    expect(
      formatSpiffeId({
        trustDomain: 'platform.local',
        tier: 'pop',
        pop: 'aws-us-east-1',
        service: 'pop-relay',
      }),
    ).toBe('spiffe://platform.local/pop/aws-us-east-1/pop-relay');
    expect(
      formatSpiffeId({
        trustDomain: 'platform.local',
        tier: 'space',
        space: 'acme',
        service: 'space-agent',
      }),
    ).toBe('spiffe://platform.local/space/acme/space-agent');
    expect(formatSpiffeId({ trustDomain: 'platform.local', tier: 'operator', name: 'dev' })).toBe(
      'spiffe://platform.local/operator/dev',
    );
  });

  it('round-trips through parseSpiffeId for every valid identity', () => {
    fc.assert(
      fc.property(identity, (id) => {
        expect(parseSpiffeId(formatSpiffeId(id), { trustDomain: id.trustDomain })).toEqual(id);
      }),
    );
  });

  it('refuses names that are not DNS-1123 labels, so no certificate carries them', () => {
    fc.assert(
      fc.property(notALabel, (bad) => {
        expect(() =>
          formatSpiffeId({ trustDomain: 'platform.local', tier: 'operator', name: bad }),
        ).toThrow(InvalidArgumentError);
        expect(() =>
          formatSpiffeId({
            trustDomain: 'platform.local',
            tier: 'pop',
            pop: bad,
            service: 'pop-relay',
          }),
        ).toThrow(InvalidArgumentError);
      }),
    );
  });

  it('refuses a service that does not run in the tier, even when the types were bypassed', () => {
    const centralRelay = {
      trustDomain: 'platform.local',
      tier: 'central',
      service: 'pop-relay',
    } as unknown as WorkloadIdentity;

    expect(() => formatSpiffeId(centralRelay)).toThrow(
      /service "pop-relay" is not a central service/,
    );
  });
});

describe(parseSpiffeId.name, () => {
  it('reads a PoP workload', () => {
    expect(parseSpiffeId('spiffe://platform.local/pop/aws-us-east-1/bot-detection', TD)).toEqual({
      trustDomain: 'platform.local',
      tier: 'pop',
      pop: 'aws-us-east-1',
      service: 'bot-detection',
    });
  });

  it('rejects an identity of another trust domain', () => {
    fc.assert(
      fc.property(identity, trustDomain, (id, other) => {
        fc.pre(other !== id.trustDomain);
        expect(() => parseSpiffeId(formatSpiffeId(id), { trustDomain: other })).toThrow(
          /belongs to trust domain/,
        );
      }),
    );
  });

  it('rejects invalid labels in every position that holds a name', () => {
    fc.assert(
      fc.property(notALabel, (bad) => {
        for (const uri of [
          `spiffe://platform.local/pop/${bad}/pop-relay`,
          `spiffe://platform.local/space/${bad}/space-agent`,
          `spiffe://platform.local/operator/${bad}`,
        ]) {
          expect(() => parseSpiffeId(uri, TD)).toThrow(InvalidArgumentError);
        }
      }),
    );
  });

  it.each([
    ['an unknown tier', 'spiffe://platform.local/edge/control-plane', /unknown tier "edge"/],
    [
      'a service of another tier',
      'spiffe://platform.local/central/pop-relay',
      /not a central service/,
    ],
    [
      'an unknown PoP service',
      'spiffe://platform.local/pop/aws-us-east-1/web',
      /not a pop service/,
    ],
    [
      'a Space service other than the agent',
      'spiffe://platform.local/space/acme/pop-relay',
      /not a space service/,
    ],
    [
      'an extra path segment',
      'spiffe://platform.local/operator/dev/extra',
      /expected spiffe:\/\/platform.local\/operator\/<name>/,
    ],
    [
      'a missing service',
      'spiffe://platform.local/pop/aws-us-east-1',
      /expected spiffe:\/\/platform.local\/pop\/<pop>\/<service>/,
    ],
    ['a trust domain without a workload', 'spiffe://platform.local', /no workload/],
    ['a trailing slash', 'spiffe://platform.local/central/control-plane/', /expected/],
    [
      'another scheme',
      'https://platform.local/central/control-plane',
      /must start with "spiffe:\/\/"/,
    ],
    [
      'an upper-case scheme',
      'SPIFFE://platform.local/central/control-plane',
      /must start with "spiffe:\/\/"/,
    ],
    [
      'an upper-case trust domain',
      'spiffe://Platform.local/central/control-plane',
      /invalid trust domain/,
    ],
    ['a port', 'spiffe://platform.local:443/central/control-plane', /invalid trust domain/],
    ['a query', 'spiffe://platform.local/operator/dev?admin=true', /not a DNS-1123 label/],
  ])('rejects %s', (_case, uri, message) => {
    expect(() => parseSpiffeId(uri, TD)).toThrow(message);
  });
});

describe(parseSpiffeIdFromSubjectAltName.name, () => {
  it("reads the SPIFFE ID out of Node's subjectaltname among other names", () => {
    expect(
      parseSpiffeIdFromSubjectAltName(
        'DNS:localhost, URI:spiffe://platform.local/pop/aws-us-east-1/pop-relay',
        TD,
      ),
    ).toEqual({
      trustDomain: 'platform.local',
      tier: 'pop',
      pop: 'aws-us-east-1',
      service: 'pop-relay',
    });
  });

  it('round-trips every valid identity when surrounded by DNS and IP names', () => {
    fc.assert(
      fc.property(identity, (id) => {
        const san = `DNS:localhost, URI:${formatSpiffeId(id)}, IP Address:127.0.0.1`;
        expect(parseSpiffeIdFromSubjectAltName(san, { trustDomain: id.trustDomain })).toEqual(id);
      }),
    );
  });

  it('rejects a certificate without a SPIFFE ID', () => {
    expect(() =>
      parseSpiffeIdFromSubjectAltName('DNS:localhost, IP Address:127.0.0.1', TD),
    ).toThrow(/no SPIFFE ID/);
    expect(() => parseSpiffeIdFromSubjectAltName(undefined, TD)).toThrow(/no SPIFFE ID/);
    expect(() => parseSpiffeIdFromSubjectAltName('URI:https://example.com/x', TD)).toThrow(
      /no SPIFFE ID/,
    );
  });

  it('rejects a certificate that claims two identities', () => {
    const san =
      'URI:spiffe://platform.local/space/acme/space-agent, URI:spiffe://platform.local/central/control-plane';

    expect(() => parseSpiffeIdFromSubjectAltName(san, TD)).toThrow(/2 SPIFFE IDs/);
  });

  it('does not read a forged entry out of a quoted DNS name', () => {
    // What Node prints for a DNS name that contains ", URI:spiffe://…".
    const san =
      'URI:spiffe://platform.local/operator/mallory, DNS:"x\\u002c URI:spiffe://platform.local/central/control-plane"';

    expect(parseSpiffeIdFromSubjectAltName(san, TD)).toEqual({
      trustDomain: 'platform.local',
      tier: 'operator',
      name: 'mallory',
    });
  });

  it('rejects a SPIFFE ID of the right shape in the wrong trust domain', () => {
    expect(() =>
      parseSpiffeIdFromSubjectAltName('URI:spiffe://evil.example/central/control-plane', TD),
    ).toThrow(/belongs to trust domain "evil.example", not "platform.local"/);
  });
});
