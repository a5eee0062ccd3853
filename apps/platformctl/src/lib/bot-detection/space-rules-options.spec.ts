import { spaceRulesOf } from './space-rules-options';

describe(spaceRulesOf.name, () => {
  it('sends only the rules the options name; a threshold alone turns its rule on', () => {
    expect(spaceRulesOf({ bruteForceAttempts: 5, signup: false })).toEqual({
      bruteForce: { enabled: true, maxAttempts: 5 },
      suspiciousIp: undefined,
      signup: { enabled: false, maxSignupsPerMinute: 0 },
    });
  });

  it('sends no rule for --defaults, and refuses it beside a rule option', () => {
    expect(spaceRulesOf({ defaults: true })).toEqual({
      bruteForce: undefined,
      suspiciousIp: undefined,
      signup: undefined,
    });
    expect(() => spaceRulesOf({ defaults: true, suspiciousIp: false })).toThrow(/--defaults/);
  });

  it('refuses to send nothing by accident', () => {
    expect(() => spaceRulesOf({})).toThrow(
      'say what to set: a rule option (see --help), or --defaults',
    );
  });
});
