/**
 * IP addresses and CIDR ranges as numbers, parsed without allocation-heavy libraries because
 * `Check` parses one on every call. IPv4 is one unsigned 32-bit number; IPv6 is four, most
 * significant first. An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is its IPv4 address, so a
 * dual-stack listener cannot be used to step around an IPv4 signature.
 */
export type IpAddress =
  | { readonly family: 4; readonly value: number }
  | { readonly family: 6; readonly words: readonly [number, number, number, number] };

/** An address and a prefix length; host bits are zero. */
export type IpRange = IpAddress & { readonly prefix: number };

/** Longest text form of an IPv6 address with an embedded IPv4 address, with room for a prefix. */
const MAX_TEXT_LENGTH = 50;

/** Parses an IPv4 dotted-quad (four decimal parts, no leading zeros) or IPv6 text address. */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (text.length === 0 || text.length > MAX_TEXT_LENGTH) return undefined;
  if (text.includes(':')) {
    const words = parseIpv6(text);
    if (!words) return undefined;
    if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff) {
      return { family: 4, value: words[3] };
    }
    return { family: 6, words };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

/**
 * Parses an address (a range of one) or `address/prefix`. Host bits must be zero, so that a
 * range has exactly one spelling; `strictHostBits: false` masks them instead.
 */
export function parseIpRange(
  text: string,
  options: { strictHostBits?: boolean } = {},
): IpRange | undefined {
  const slash = text.indexOf('/');
  if (slash === -1) {
    const address = parseIpAddress(text);
    return address && { ...address, prefix: address.family === 4 ? 32 : 128 };
  }
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  let prefix = Number(prefixText);
  const address = parseIpAddress(addressText);
  if (!address) return undefined;
  if (address.family === 4 && addressText.includes(':')) {
    // An IPv4-mapped range: its prefix counts the 96 bits of the mapping.
    if (prefix < 96) return undefined;
    prefix -= 96;
  }
  if (prefix > (address.family === 4 ? 32 : 128)) return undefined;
  const masked = maskAddress(address, prefix);
  if (options.strictHostBits !== false && !sameAddress(masked, address)) return undefined;
  return { ...masked, prefix };
}

/** The address with every bit after `prefix` cleared. */
export function maskAddress(address: IpAddress, prefix: number): IpAddress {
  if (address.family === 4) return { family: 4, value: maskWord(address.value, prefix) };
  const words = address.words.map((word, index) =>
    maskWord(word, prefix - index * 32),
  ) as unknown as readonly [number, number, number, number];
  return { family: 6, words };
}

/** The first `bits` bits of `word` (all of it from 32 on, nothing from 0 down). */
export function maskWord(word: number, bits: number): number {
  if (bits >= 32) return word >>> 0;
  if (bits <= 0) return 0;
  return (word & (0xffffffff << (32 - bits))) >>> 0;
}

export function sameAddress(a: IpAddress, b: IpAddress): boolean {
  if (a.family === 4) return b.family === 4 && a.value === b.value;
  if (b.family === 4) return false;
  return a.words.every((word, index) => word === b.words[index]);
}

/** Canonical text: dotted-quad, or RFC 5952 IPv6 (lowercase, longest zero run as `::`). */
export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) {
    const v = address.value;
    return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
  }
  const groups: number[] = [];
  for (const word of address.words) groups.push(word >>> 16, word & 0xffff);
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8;) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((group) => group.toString(16))
      .join(':');
  if (bestStart === -1) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

/** `address/prefix` in canonical text. */
export function formatIpRange(range: IpRange): string {
  return `${formatIpAddress(range)}/${range.prefix}`;
}

/** Dotted-quad IPv4 from `start` to `end`, by character codes: Check parses one per call. */
function parseIpv4(text: string, start = 0, end = text.length): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 46 /* . */) {
      if (digits === 0) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      if (++dots > 3) return undefined;
    } else if (code >= 48 && code <= 57) {
      // No leading zeros: "01" could mean octal to some parsers.
      if (digits === 1 && octet === 0) return undefined;
      octet = octet * 10 + (code - 48);
      if (octet > 255) return undefined;
      digits++;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * IPv6 text by character codes: up to eight groups of 1-4 hex digits, at most one `::`, and
 * optionally a dotted-quad IPv4 tail standing for the last two groups.
 */
function parseIpv6(text: string): [number, number, number, number] | undefined {
  const groups = [0, 0, 0, 0, 0, 0, 0, 0];
  let count = 0;
  let gapAt = -1;
  let index = 0;
  const end = text.length;
  if (text.charCodeAt(0) === 58 /* : */) {
    if (text.charCodeAt(1) !== 58) return undefined;
    gapAt = 0;
    index = 2;
    if (index === end) return [0, 0, 0, 0];
  }
  while (index < end) {
    const groupStart = index;
    let group = 0;
    let digits = 0;
    while (index < end) {
      const digit = hexValue(text.charCodeAt(index));
      if (digit === -1) break;
      group = group * 16 + digit;
      digits++;
      index++;
    }
    if (index < end && text.charCodeAt(index) === 46 /* . */) {
      // An IPv4 tail: it must end the text and fill two groups.
      const ipv4 = parseIpv4(text, groupStart, end);
      if (ipv4 === undefined || count > 6) return undefined;
      // `::a.b.c.d` (the deprecated IPv4-compatible form) is read as IPv4-mapped, as ipaddr.js
      // and most stacks read it: either way the client is the IPv4 address.
      if (gapAt === 0 && count === 0) return [0, 0, 0xffff, ipv4];
      groups[count++] = ipv4 >>> 16;
      groups[count++] = ipv4 & 0xffff;
      index = end;
      break;
    }
    if (digits === 0 || digits > 4 || count === 8) return undefined;
    groups[count++] = group;
    if (index === end) break;
    if (text.charCodeAt(index) !== 58) return undefined;
    index++;
    if (text.charCodeAt(index) === 58) {
      if (gapAt !== -1) return undefined;
      gapAt = count;
      index++;
      if (index === end) break;
    } else if (index === end) {
      return undefined;
    }
  }
  if (gapAt === -1) {
    if (count !== 8) return undefined;
  } else {
    if (count > 7) return undefined;
    const shift = 8 - count;
    for (let from = count - 1; from >= gapAt; from--) {
      groups[from + shift] = groups[from];
      groups[from] = 0;
    }
  }
  return [
    ((groups[0] << 16) | groups[1]) >>> 0,
    ((groups[2] << 16) | groups[3]) >>> 0,
    ((groups[4] << 16) | groups[5]) >>> 0,
    ((groups[6] << 16) | groups[7]) >>> 0,
  ];
}
