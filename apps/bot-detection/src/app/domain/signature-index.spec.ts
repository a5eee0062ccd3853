import { botDetectionV1alpha1 } from '@platform/contracts';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { parseIpAddress, type IpAddress } from './ip-address';
import { SignatureIndex } from './signature-index';
import { ipSignature } from '../../test/signatures';

const { Action } = botDetectionV1alpha1;
const NOW = Date.UTC(2026, 10, 23);

function probe(ip: string, userAgent = '', fingerprintHash = '') {
  return { ip: parseIpAddress(ip) as IpAddress, userAgent, fingerprintHash };
}

/** Ranges built around a few shared base addresses, so that probes fall into several at once. */
function rangesAndProbes(family: 4 | 6) {
  const width = family === 4 ? 4 : 16;
  const maxPrefix = family === 4 ? 32 : 128;
  const address = fc.array(fc.integer({ min: 0, max: 255 }), {
    minLength: width,
    maxLength: width,
  });
  const near = (base: number[]) =>
    fc
      .tuple(fc.integer({ min: 0, max: width }), address)
      .map(([keep, noise]) => [...base.slice(0, keep), ...noise.slice(keep)]);
  return fc.array(address, { minLength: 1, maxLength: 3 }).chain((bases) => {
    const nearBase = fc.constantFrom(...bases).chain(near);
    return fc.record({
      ranges: fc.array(fc.tuple(nearBase, fc.integer({ min: 0, max: maxPrefix })), {
        maxLength: 40,
      }),
      probes: fc.array(nearBase, { minLength: 1, maxLength: 20 }),
    });
  });
}

function cidrText(bytes: number[], prefix: number): string {
  const [network] = ipaddr.parseCIDR(`${ipaddr.fromByteArray(bytes).toString()}/${prefix}`);
  const masked = network.toByteArray().map((byte, index) => {
    const keep = Math.max(0, Math.min(8, prefix - index * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return `${ipaddr.fromByteArray(masked).toString()}/${prefix}`;
}

describe(SignatureIndex.name, () => {
  it.each([4, 6] as const)(
    'finds exactly the IPv%s ranges that contain an address, as ipaddr.js decides, longest first',
    (family) => {
      fc.assert(
        fc.property(rangesAndProbes(family), ({ ranges, probes }) => {
          const index = new SignatureIndex();
          const texts = ranges.map(([bytes, prefix]) => cidrText(bytes, prefix));
          texts.forEach((text, i) => index.upsert(ipSignature(`sig-${i}`, text)));
          for (const bytes of probes) {
            const address = ipaddr.fromByteArray(bytes);
            if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress())
              continue;
            const expected = texts
              .map((text, i) => ({
                id: `sig-${i}`,
                hit: address.match(ipaddr.parseCIDR(text)),
                prefix: ipaddr.parseCIDR(text)[1],
              }))
              .filter((candidate) => candidate.hit);
            const matches = index.match(probe(address.toString()), NOW);
            expect(matches.map((m) => m.id).sort()).toEqual(expected.map((e) => e.id).sort());
            const prefixOf = new Map(expected.map((e) => [e.id, e.prefix]));
            const prefixes = matches.map((m) => prefixOf.get(m.id) ?? -1);
            expect(prefixes).toEqual([...prefixes].sort((a, b) => b - a));
          }
        }),
        { numRuns: 200 },
      );
    },
  );

  it.each([4, 6] as const)(
    'keeps matching IPv%s after removals, as if the removed ranges had never been there',
    (family) => {
      fc.assert(
        fc.property(
          rangesAndProbes(family),
          fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
          ({ ranges, probes }, drop) => {
            const index = new SignatureIndex();
            const kept = new SignatureIndex();
            ranges.forEach(([bytes, prefix], i) => {
              const signature = ipSignature(`sig-${i}`, cidrText(bytes, prefix));
              index.upsert(signature);
              if (!drop[i]) kept.upsert(signature);
            });
            ranges.forEach((_, i) => drop[i] && index.remove(`sig-${i}`));
            for (const bytes of probes) {
              const text = ipaddr.fromByteArray(bytes).toString();
              expect(
                index
                  .match(probe(text), NOW)
                  .map((m) => m.id)
                  .sort(),
              ).toEqual(
                kept
                  .match(probe(text), NOW)
                  .map((m) => m.id)
                  .sort(),
              );
            }
          },
        ),
      );
    },
  );

  it('replaces a signature imported again under the same id', () => {
    const index = new SignatureIndex();
    index.upsert(ipSignature('feed-1', '198.51.100.0/24'));
    index.upsert(ipSignature('feed-1', '203.0.113.0/24'));
    expect(index.match(probe('198.51.100.7'), NOW)).toEqual([]);
    expect(index.match(probe('203.0.113.7'), NOW).map((m) => m.id)).toEqual(['feed-1']);
    expect(index.size).toBe(1);
  });

  it('ignores expired signatures and sweeps them out', () => {
    const index = new SignatureIndex();
    index.upsert(ipSignature('old', '192.0.2.0/24', { expiresAtMs: NOW - 1 }));
    index.upsert(ipSignature('live', '192.0.2.0/24', { expiresAtMs: NOW + 60_000 }));
    expect(index.match(probe('192.0.2.1'), NOW).map((m) => m.id)).toEqual(['live']);
    expect(index.countActive(NOW)).toBe(1);
    expect(index.sweepExpired(NOW)).toBe(1);
    expect(index.size).toBe(1);
  });

  it('matches IPv4-mapped IPv6 clients against IPv4 ranges', () => {
    const index = new SignatureIndex();
    index.upsert(ipSignature('tor-exit', '185.220.101.0/24'));
    expect(index.match(probe('::ffff:185.220.101.4'), NOW).map((m) => m.id)).toEqual(['tor-exit']);
  });

  it('matches user agents by case-insensitive glob and fingerprints by equality', () => {
    const index = new SignatureIndex();
    const base = ipSignature('x', '10.0.0.0/8');
    index.upsert({
      ...base,
      id: 'ua',
      matcher: { kind: 'user-agent', pattern: '*python-requests/*' },
      action: Action.ACTION_CHALLENGE,
    });
    index.upsert({ ...base, id: 'fp', matcher: { kind: 'fingerprint', hash: 'abc123' } });
    expect(index.match(probe('192.0.2.1', 'Python-Requests/2.31.0'), NOW).map((m) => m.id)).toEqual(
      ['ua'],
    );
    expect(index.match(probe('192.0.2.1', 'Mozilla/5.0', 'abc123'), NOW).map((m) => m.id)).toEqual([
      'fp',
    ]);
    expect(index.match(probe('192.0.2.1', 'Mozilla/5.0', 'abc124'), NOW)).toEqual([]);
  });

  it('forgets fingerprint and user-agent signatures removed by id or expired', () => {
    const index = new SignatureIndex();
    const base = ipSignature('x', '10.0.0.0/8');
    const client = probe('192.0.2.1', 'curl/8.4.0', 'abc123');
    index.upsert({ ...base, id: 'ua', matcher: { kind: 'user-agent', pattern: 'curl/*' } });
    index.upsert({ ...base, id: 'fp', matcher: { kind: 'fingerprint', hash: 'abc123' } });
    index.upsert({
      ...base,
      id: 'fp-soon',
      matcher: { kind: 'fingerprint', hash: 'abc123' },
      expiresAtMs: NOW + 1,
    });
    expect(index.match(client, NOW).map((m) => m.id)).toEqual(['fp', 'fp-soon', 'ua']);
    expect(index.remove('ua')).toBe(true);
    expect(index.remove('ua')).toBe(false);
    expect(index.sweepExpired(NOW + 1)).toBe(1);
    expect(index.match(client, NOW).map((m) => m.id)).toEqual(['fp']);
    expect([index.has('fp'), index.has('fp-soon'), index.size]).toEqual([true, false, 1]);
  });

  it('reports a match with the id, action and expiry it was given, however many came before', () => {
    const index = new SignatureIndex();
    for (let i = 0; i < 5_000; i++)
      index.upsert(ipSignature(`bulk-${i}`, `10.${i >> 8}.${i & 255}.0/24`));
    index.upsert(
      ipSignature('Größe-署名', '2001:db8::/32', {
        action: Action.ACTION_THROTTLE,
        expiresAtMs: NOW + 60_000,
      }),
    );
    expect(index.match(probe('2001:db8::1'), NOW)).toEqual([
      { id: 'Größe-署名', action: Action.ACTION_THROTTLE, expiresAtMs: NOW + 60_000 },
    ]);
    expect(index.match(probe('10.18.136.9'), NOW)).toEqual([
      {
        id: 'bulk-4744',
        action: Action.ACTION_BLOCK,
        expiresAtMs: 0,
      },
    ]);
  });
});
