const UNIT_SECONDS = { s: 1, m: 60, h: 60 * 60, d: 24 * 60 * 60 } as const;
const DURATION = /^(\d{1,7})([smhd])$/;

/** The longest a development token may live: long enough for a working week, not forever. */
export const MAX_TOKEN_TTL_SECONDS = 7 * UNIT_SECONDS.d;

/**
 * Seconds in a duration such as `45s`, `30m`, `8h` or `2d`, or a reason it is not one: zero,
 * no unit, several units, or longer than {@link MAX_TOKEN_TTL_SECONDS}.
 */
export function parseTokenDuration(text: string): { seconds: number } | { problem: string } {
  const match = DURATION.exec(text.trim());
  if (match === null) {
    return {
      problem: `${JSON.stringify(text)} is not a duration; use a number and one of s, m, h, d, for example 8h or 30m`,
    };
  }
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  if (seconds === 0) return { problem: 'must be longer than zero' };
  if (seconds > MAX_TOKEN_TTL_SECONDS) {
    return { problem: `${text} is longer than the 7d a development token may live` };
  }
  return { seconds };
}
