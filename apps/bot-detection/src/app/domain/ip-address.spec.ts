import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import {
  formatIpAddress,
  formatIpRange,
  parseIpAddress,
  parseIpRange,
  type IpAddress,
} from './ip-address';

const bytes = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: length, maxLength: length });

/** The 16 bytes of an IPv6 address that is not IPv4-mapped (those become IPv4 on purpose). */
const ipv6Bytes = bytes(16).filter(
  (b) => !(b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff),
);

function toBytes(address: IpAddress): number[] {
  const words = address.family === 4 ? [address.value] : [...address.words];
  return words.flatMap((word) => [
    word >>> 24,
    (word >>> 16) & 0xff,
    (word >>> 8) & 0xff,
    word & 0xff,
  ]);
}

describe('parseIpAddress', () => {
  it('reads every IPv4 address as ipaddr.js does', () => {
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        const parsed = parseIpAddress(text);
        expect(parsed?.family).toBe(4);
        expect(toBytes(parsed as IpAddress)).toEqual(ipaddr.parse(text).toByteArray());
      }),
    );
  });

  it('reads every IPv6 text form (compact, full, mixed notation) as ipaddr.js does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.ipV6(),
          ipv6Bytes.map((b) => ipaddr.fromByteArray(b).toString()),
        ),
        (text) => {
          const expected = ipaddr.process(text);
          const parsed = parseIpAddress(text);
          expect(parsed?.family).toBe(expected.kind() === 'ipv4' ? 4 : 6);
          expect(toBytes(parsed as IpAddress)).toEqual(expected.toByteArray());
        },
      ),
    );
  });

  it('formats IPv6 addresses in RFC 5952 form, as ipaddr.js does', () => {
    fc.assert(
      fc.property(ipv6Bytes, (b) => {
        const reference = ipaddr.fromByteArray(b) as ipaddr.IPv6;
        const parsed = parseIpAddress(reference.toNormalizedString()) as IpAddress;
        expect(formatIpAddress(parsed)).toBe(reference.toRFC5952String());
      }),
    );
  });

  it.each([
    ['::', [0, 0, 0, 0]],
    ['1:2:3:4:5:6:7::', [0x10002, 0x30004, 0x50006, 0x70000]],
    ['::8', [0, 0, 0, 8]],
    ['1:2:3:4:5:6:1.2.3.4', [0x10002, 0x30004, 0x50006, 0x01020304]],
  ])('reads %j', (text, words) => {
    expect(parseIpAddress(text)).toEqual({ family: 6, words });
  });

  it('treats an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(parseIpAddress('::ffff:203.0.113.9')).toEqual(parseIpAddress('203.0.113.9'));
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '0x7f.0.0.1',
    '1.2.3.4 ',
    '::1::',
    '1:2:3:4:5:6:7:8:9',
    'fe80::1%eth0',
    '12345::',
    'g::1',
    'not an ip',
    '1::2::3',
    ':1::',
    '1:',
    '::1:',
    '1:::2',
    '1:2:3:4:5:6:7:8::',
    '::1.2.3',
    '1:2:3:4:5:6:7:1.2.3.4',
    '::ffff:1.2.3.04',
    '1.2.3.4::',
    `${'1:'.repeat(40)}1`,
  ])('refuses %j', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });
});

describe('parseIpRange', () => {
  it('accepts a range exactly when ipaddr.js reads it with its host bits zero', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })),
          fc.tuple(
            ipv6Bytes.map((b) => ipaddr.fromByteArray(b).toString()),
            fc.integer({ min: 0, max: 128 }),
          ),
        ),
        ([address, prefix]) => {
          const text = `${address}/${prefix}`;
          const [reference, bits] = ipaddr.parseCIDR(text);
          const hostBitsZero = reference.toString() === networkOf(reference, bits).toString();
          const range = parseIpRange(text);
          expect(range !== undefined).toBe(hostBitsZero);
          const masked = parseIpRange(text, { strictHostBits: false });
          expect(masked?.prefix).toBe(bits);
          expect(toBytes(masked as IpAddress)).toEqual(networkOf(reference, bits).toByteArray());
        },
      ),
    );
  });

  it('normalizes an address to a range of one', () => {
    const normalized = (text: string) => {
      const range = parseIpRange(text);
      return range && formatIpRange(range);
    };
    expect(normalized('2001:DB8:0:0::1')).toBe('2001:db8::1/128');
    expect(normalized('192.0.2.7')).toBe('192.0.2.7/32');
  });

  it.each([
    '10.0.0.1/24',
    '10.0.0.0/33',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '10.0.0.0/08',
    '::/129',
    '/8',
  ])('refuses %j', (text) => {
    expect(parseIpRange(text)).toBeUndefined();
  });
});

function networkOf(address: ipaddr.IPv4 | ipaddr.IPv6, bits: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = address.toByteArray();
  const masked = bytes.map((byte, index) => {
    const keep = Math.max(0, Math.min(8, bits - index * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return ipaddr.fromByteArray(masked);
}
