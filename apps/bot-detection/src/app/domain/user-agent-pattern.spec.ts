import fc from 'fast-check';
import { UserAgentPattern } from './user-agent-pattern';

/** The reference meaning of a glob: a regular expression built from it. */
function referenceMatch(pattern: string, userAgent: string): boolean {
  const source = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(userAgent.toLowerCase());
}

describe(UserAgentPattern.name, () => {
  it('matches exactly what the equivalent anchored regular expression matches', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', '/', '*', '.');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'B', '/', '.'), maxLength: 10 }),
        (pattern, userAgent) => {
          expect(new UserAgentPattern(pattern).matches(userAgent.toLowerCase())).toBe(
            referenceMatch(pattern, userAgent),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('matches a whole User-Agent, not a part of it', () => {
    expect(new UserAgentPattern('curl/*').matches('curl/8.5.0')).toBe(true);
    expect(new UserAgentPattern('curl/*').matches('my curl/8.5.0')).toBe(false);
  });
});
