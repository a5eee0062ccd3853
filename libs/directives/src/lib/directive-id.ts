import { randomBytes } from 'node:crypto';
import { InternalError } from '@platform/errors';

// Crockford's base32: digits sort before letters in ASCII, so fixed-width strings sort as numbers.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10; // 50 bits, enough for the 48-bit millisecond clock
const RANDOM_CHARS = 16; // 80 bits
const RANDOM_BYTES = 10;
const MAX_TIME = 2 ** 48 - 1;
const RANDOM_LIMIT = 1n << 80n;

/** A directive id generator; see {@link createDirectiveIdGenerator}. */
export type DirectiveIdGenerator = () => string;

/**
 * Creates a generator of directive ids `d_<time>_<random>` (29 characters of `[0-9A-Z_d]`, within
 * the proto's 1-64 characters of `[0-9A-Za-z_-]`): the issue time in milliseconds and 80 random
 * bits, both in fixed-width Crockford base32, as a ULID. Ids sort as strings in the order they were
 * issued: within one millisecond, or when the clock steps back, a generator increments the random
 * part of its previous id instead of drawing a new one. Ids of different generators are ordered
 * only to the millisecond.
 *
 * @param now the clock, in milliseconds since the epoch (injected by tests).
 */
export function createDirectiveIdGenerator(now: () => number = Date.now): DirectiveIdGenerator {
  let lastTime = -1;
  let lastRandom = 0n;
  return () => {
    const clock = now();
    if (!Number.isSafeInteger(clock) || clock < 0 || clock > MAX_TIME) {
      throw new InternalError(`clock gave ${clock}, not a millisecond time in 48 bits`);
    }
    let time = clock;
    let random: bigint;
    if (time > lastTime) {
      random = freshRandom();
    } else {
      time = lastTime;
      random = lastRandom + 1n;
      if (random >= RANDOM_LIMIT) {
        time += 1;
        random = freshRandom();
      }
    }
    lastTime = time;
    lastRandom = random;
    return `d_${base32(BigInt(time), TIME_CHARS)}_${base32(random, RANDOM_CHARS)}`;
  };
}

/** Mints a directive id with the process-wide generator; see {@link createDirectiveIdGenerator}. */
export const directiveId: DirectiveIdGenerator = createDirectiveIdGenerator();

function freshRandom(): bigint {
  return BigInt(`0x${randomBytes(RANDOM_BYTES).toString('hex')}`);
}

function base32(value: bigint, width: number): string {
  let text = '';
  for (let rest = value, i = 0; i < width; i += 1, rest >>= 5n) {
    text = ALPHABET[Number(rest & 31n)] + text;
  }
  return text;
}
