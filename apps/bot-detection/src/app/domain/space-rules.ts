import { toleranceMs, type RatePolicy } from '../rules/rate-policy';

/** Bounds of a Space's thresholds: beyond them a rule either never fires or fires on everyone. */
export const SPACE_RULE_LIMITS = {
  bruteForceMaxAttempts: 1000,
  failedLoginsPerWindow: 100_000,
  signupsPerWindow: 10_000,
} as const;

/**
 * A Space's own rule settings as an operator set them. A rule left out follows the platform
 * default; a threshold of 0 means the platform default's threshold, so a Space that only turned a
 * rule off keeps following later changes of the default.
 */
export interface SpaceRuleSettings {
  bruteForce?: { enabled: boolean; maxAttempts: number };
  suspiciousIp?: { enabled: boolean; maxFailedLogins: number };
  signup?: { enabled: boolean; maxSignups: number };
}

/** A GCRA budget: `limit` events fit in a burst, one restored every `intervalMs`. */
export interface RateBudget {
  enabled: boolean;
  limit: number;
  intervalMs: number;
  toleranceMs: number;
}

/** The rules in force for one Space, every number resolved (what Check and the scripts use). */
export interface EffectiveRules {
  bruteForce: { enabled: boolean; threshold: number; blockMs: number };
  failedLogins: RateBudget;
  signups: RateBudget;
}

/**
 * Resolves a Space's settings against the platform policy. A custom limit keeps the policy's
 * window (a day for failed logins, a minute for signups) and spreads the budget over it.
 */
export function resolveRules(
  settings: SpaceRuleSettings | undefined,
  policy: RatePolicy,
): EffectiveRules {
  const failedWindowMs = policy.failedLoginLimit * policy.failedLoginIntervalMs;
  const signupWindowMs = policy.signupLimit * policy.signupIntervalMs;
  return {
    bruteForce: {
      enabled: settings?.bruteForce?.enabled ?? true,
      threshold: settings?.bruteForce?.maxAttempts || policy.bruteForceThreshold,
      blockMs: policy.bruteForceBlockMs,
    },
    failedLogins: budget(
      settings?.suspiciousIp?.enabled ?? true,
      settings?.suspiciousIp?.maxFailedLogins || policy.failedLoginLimit,
      failedWindowMs,
    ),
    signups: budget(
      settings?.signup?.enabled ?? true,
      settings?.signup?.maxSignups || policy.signupLimit,
      signupWindowMs,
    ),
  };
}

function budget(enabled: boolean, limit: number, windowMs: number): RateBudget {
  const intervalMs = windowMs / limit;
  return { enabled, limit, intervalMs, toleranceMs: toleranceMs(limit, intervalMs) };
}

/** Whether a rule of the Space needs Redis for this event (if none does, Check skips the call). */
export function rulesConcern(
  rules: EffectiveRules,
  event: 'login' | 'signup',
  hasUser: boolean,
): boolean {
  return event === 'signup'
    ? rules.signups.enabled
    : rules.failedLogins.enabled || (hasUser && rules.bruteForce.enabled);
}

/** Reads stored settings back; unknown or malformed parts count as unset (the default). */
export function parseSpaceRuleSettings(text: string): SpaceRuleSettings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const value = parsed as Record<string, unknown>;
  const settings: SpaceRuleSettings = {};
  const bruteForce = rule(value['bruteForce'], 'maxAttempts');
  if (bruteForce) settings.bruteForce = { enabled: bruteForce.enabled, maxAttempts: bruteForce.n };
  const suspiciousIp = rule(value['suspiciousIp'], 'maxFailedLogins');
  if (suspiciousIp)
    settings.suspiciousIp = { enabled: suspiciousIp.enabled, maxFailedLogins: suspiciousIp.n };
  const signup = rule(value['signup'], 'maxSignups');
  if (signup) settings.signup = { enabled: signup.enabled, maxSignups: signup.n };
  return settings;
}

function rule(value: unknown, field: string): { enabled: boolean; n: number } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const n = record[field];
  if (typeof record['enabled'] !== 'boolean') return undefined;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return undefined;
  return { enabled: record['enabled'], n };
}

/** True when the settings leave every rule at the platform default. */
export function isDefaultSettings(settings: SpaceRuleSettings): boolean {
  return !settings.bruteForce && !settings.suspiciousIp && !settings.signup;
}
