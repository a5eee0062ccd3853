import fc from 'fast-check';
import { retryDelayMs } from './retry-delay';

describe(retryDelayMs.name, () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 10_000 };

  it('doubles the cap per attempt up to the maximum, jitter in its upper half', () => {
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs(attempt, policy, () => 0))).toEqual([
      50, 100, 200, 400,
    ]);
    expect(retryDelayMs(20, policy, () => 0.999_999)).toBe(9_999);
    expect(retryDelayMs(20, policy, () => 0)).toBe(5_000);
  });

  it('stays within [cap/2, cap) for every attempt and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, draw) => {
          const cap = Math.min(
            policy.maxDelayMs,
            policy.initialDelayMs * 2 ** Math.min(attempt, 30),
          );
          const delay = retryDelayMs(attempt, policy, () => draw);
          return delay >= Math.floor(cap / 2) && delay < cap;
        },
      ),
    );
  });
});
