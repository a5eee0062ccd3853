/**
 * The benchmark's signature ranges, deterministic by index: a quarter each of IPv4 addresses,
 * IPv4 CIDR ranges (/16 to /28), IPv6 addresses and IPv6 ranges (/32 to /64), host bits zero.
 */
export function benchSignatureRange(i: number): string {
  const n = Math.floor(i / 4);
  const mixed = (n * 2654435761) >>> 0;
  switch (i % 4) {
    case 0:
      return `${11 + ((n >>> 16) % 200)}.${(n >>> 8) & 0xff}.${n & 0xff}.${(n * 7) & 0xff}`;
    case 1: {
      const prefix = 16 + (n % 13);
      const value = (mixed & (0xffffffff << (32 - prefix))) >>> 0;
      return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}/${prefix}`;
    }
    case 2:
      return `2001:db8:${hex(n >>> 16)}:${hex(n & 0xffff)}:0:0:0:${hex(n % 9973)}`;
    default: {
      const prefix = [32, 40, 48, 56, 64][n % 5];
      const groups = [0x2a00 + (n % 10), mixed >>> 16, mixed & 0xffff, n & 0xffff, 0, 0, 0, 0];
      const masked = groups.map((group, index) => {
        const keep = Math.max(0, Math.min(16, prefix - index * 16));
        return keep === 0 ? 0 : group & ((0xffff << (16 - keep)) & 0xffff);
      });
      return `${masked.map(hex).join(':')}/${prefix}`;
    }
  }
}

function hex(value: number): string {
  return value.toString(16);
}
