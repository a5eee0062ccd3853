import { botDetectionV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import { validateSpaceRules } from '../bot-detection-request.validation';
import { DEFAULT_RATE_POLICY } from '../rules/rate-policy';
import { parseSpaceRuleSettings, resolveRules, rulesConcern } from './space-rules';
import { SpaceRulesTable } from './space-rules-table';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('space rules', () => {
  it('resolve to the platform defaults when a Space has no settings', () => {
    const rules = resolveRules(undefined, DEFAULT_RATE_POLICY);
    expect(rules.bruteForce).toEqual({ enabled: true, threshold: 10, blockMs: 30 * DAY_MS });
    expect(rules.failedLogins).toMatchObject({ enabled: true, limit: 100, intervalMs: 864_000 });
    expect(rules.signups).toMatchObject({ enabled: true, limit: 50, intervalMs: 1_200 });
  });

  it('spread a custom limit over the same window, and read 0 as the default threshold', () => {
    const rules = resolveRules(
      {
        suspiciousIp: { enabled: true, maxFailedLogins: 5 },
        signup: { enabled: false, maxSignups: 0 },
      },
      DEFAULT_RATE_POLICY,
    );
    expect(rules.failedLogins).toMatchObject({
      limit: 5,
      intervalMs: DAY_MS / 5,
      toleranceMs: (4 * DAY_MS) / 5,
    });
    expect(rules.signups).toMatchObject({ enabled: false, limit: 50 });
    expect(rules.bruteForce.enabled).toBe(true);
  });

  it('need no counter for an event when the rules concerning it are off', () => {
    const off = resolveRules(
      {
        bruteForce: { enabled: false, maxAttempts: 0 },
        suspiciousIp: { enabled: false, maxFailedLogins: 0 },
      },
      DEFAULT_RATE_POLICY,
    );
    expect(rulesConcern(off, 'login', true)).toBe(false);
    expect(rulesConcern(off, 'signup', false)).toBe(true);
    const onlyBruteForce = resolveRules(
      { suspiciousIp: { enabled: false, maxFailedLogins: 0 } },
      DEFAULT_RATE_POLICY,
    );
    expect(rulesConcern(onlyBruteForce, 'login', true)).toBe(true);
    expect(rulesConcern(onlyBruteForce, 'login', false)).toBe(false);
  });

  it('share the default rules between Spaces without settings, and drop settings equal to none', () => {
    const table = new SpaceRulesTable(DEFAULT_RATE_POLICY);
    table.replace('acme-prod', { bruteForce: { enabled: true, maxAttempts: 3 } });
    expect(table.rulesOf('acme-prod').bruteForce.threshold).toBe(3);
    expect(table.rulesOf('globex-prod')).toBe(table.defaults);
    table.replace('acme-prod', {});
    expect(table.customized('acme-prod')).toBe(false);
  });

  it('read stored settings back and treat a malformed part as unset', () => {
    expect(
      parseSpaceRuleSettings(
        '{"bruteForce":{"enabled":false,"maxAttempts":4},"signup":{"enabled":"yes"}}',
      ),
    ).toEqual({ bruteForce: { enabled: false, maxAttempts: 4 } });
    expect(parseSpaceRuleSettings('not json')).toEqual({});
  });

  describe(validateSpaceRules.name, () => {
    it('keeps unset rules unset and the thresholds given', () => {
      expect(
        validateSpaceRules({
          bruteForce: { enabled: true, maxAttempts: 3 },
          signup: { enabled: false, maxSignupsPerMinute: 0 },
        }),
      ).toEqual({
        bruteForce: { enabled: true, maxAttempts: 3 },
        signup: { enabled: false, maxSignups: 0 },
      });
      expect(validateSpaceRules(undefined)).toEqual({});
    });

    it.each<[string, botDetectionV1alpha1.SpaceRules]>([
      ['rules.brute_force.max_attempts', { bruteForce: { enabled: true, maxAttempts: 1001 } }],
      ['rules.brute_force.max_attempts', { bruteForce: { enabled: true, maxAttempts: -1 } }],
      [
        'rules.suspicious_ip.max_failed_logins_per_day',
        { suspiciousIp: { enabled: true, maxFailedLoginsPerDay: 4_294_967_295 } },
      ],
      [
        'rules.signup.max_signups_per_minute',
        { signup: { enabled: true, maxSignupsPerMinute: 10_001 } },
      ],
    ])('refuses an absurd threshold, naming %s', (field, rules) => {
      expect(() => validateSpaceRules(rules)).toThrow(InvalidArgumentError);
      expect(() => validateSpaceRules(rules)).toThrow(new RegExp(`^${field}: expected 1 to`));
    });
  });
});
