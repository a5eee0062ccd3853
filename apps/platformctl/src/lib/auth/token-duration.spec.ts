import fc from 'fast-check';
import { MAX_TOKEN_TTL_SECONDS, parseTokenDuration } from './token-duration';

describe(parseTokenDuration.name, () => {
  it.each([
    ['45s', 45],
    ['30m', 1800],
    ['8h', 28800],
    ['7d', 604800],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseTokenDuration(text)).toEqual({ seconds });
  });

  it('gives every positive amount of every unit up to 7 days its number of seconds', () => {
    const units = { s: 1, m: 60, h: 3600, d: 86400 } as const;
    fc.assert(
      fc.property(
        fc.constantFrom('s', 'm', 'h', 'd' as const),
        fc.integer({ min: 1, max: 604800 }),
        (unit, amount) => {
          const seconds = amount * units[unit];
          const result = parseTokenDuration(`${amount}${unit}`);
          expect(result).toEqual(
            seconds <= MAX_TOKEN_TTL_SECONDS
              ? { seconds }
              : { problem: expect.stringContaining('longer than') },
          );
        },
      ),
    );
  });

  it.each(['', '8', 'h', '1h30m', '-1h', '1.5h', '8 hours', '0m'])('refuses %j', (text) => {
    expect(parseTokenDuration(text)).toHaveProperty('problem');
  });
});
