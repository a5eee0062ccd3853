import fc from 'fast-check';
import { backoffDelay } from './backoff';

describe(backoffDelay.name, () => {
  const policy = { baseMs: 50, maxMs: 2000 };

  it('doubles the ceiling with each attempt up to maxMs', () => {
    const ceiling = (attempt: number) => backoffDelay(attempt, policy, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7].map(ceiling)).toEqual([50, 100, 200, 400, 800, 1600, 2000]);
  });

  it('stays between 0 and the ceiling for every attempt and random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, draw) => {
          const delay = backoffDelay(attempt, policy, () => draw);
          return (
            Number.isInteger(delay) &&
            delay >= 0 &&
            delay <= Math.min(2000, 50 * 2 ** (attempt - 1))
          );
        },
      ),
    );
  });
});
