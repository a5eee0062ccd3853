import fc from 'fast-check';
import { dnsLabelProblem, dnsSubdomainProblem } from './dns-names';

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);

describe(dnsLabelProblem.name, () => {
  it('accepts every DNS-1123 label', () => {
    fc.assert(fc.property(label, (name) => expect(dnsLabelProblem(name)).toBeUndefined()));
  });

  it.each(['', 'Acme', 'acme_corp', '-acme', 'acme-', 'a.b', 'a'.repeat(64)])(
    'rejects %j',
    (name) => {
      expect(dnsLabelProblem(name)).toMatch(/is not a DNS-1123 label/);
    },
  );
});

describe(dnsSubdomainProblem.name, () => {
  it('accepts dot-separated labels such as release versions', () => {
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), (labels) =>
        expect(dnsSubdomainProblem(labels.join('.'))).toBeUndefined(),
      ),
    );
    expect(dnsSubdomainProblem('2026.45.0')).toBeUndefined();
  });

  it.each(['', '2026..45', '.2026', '2026.45.', 'v2026.45.0-RC1'])('rejects %j', (name) => {
    expect(dnsSubdomainProblem(name)).toMatch(/is not a DNS-1123 subdomain/);
  });
});
