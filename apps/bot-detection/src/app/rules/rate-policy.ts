const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * The platform's default thresholds of the rate rules, modelled on a leading identity platform's
 * attack-protection defaults. A Space may turn rules off or change their thresholds
 * (SetSpaceRules); what it leaves unset follows this policy (see `resolveRules`).
 */
export interface RatePolicy {
  /** Failed logins for one user from one IP that start a block… */
  bruteForceThreshold: number;
  /** …which lasts this long unless lifted (Unblock, a successful password reset). */
  bruteForceBlockMs: number;
  /** Failed logins from one IP that fit in a burst (per day)… */
  failedLoginLimit: number;
  /** …and how often one attempt is restored (a day / the limit: 14.4 minutes). */
  failedLoginIntervalMs: number;
  /** Signups from one IP that fit in a burst (per minute)… */
  signupLimit: number;
  /** …and how often one is restored. */
  signupIntervalMs: number;
}

export const DEFAULT_RATE_POLICY: RatePolicy = {
  bruteForceThreshold: 10,
  bruteForceBlockMs: 30 * DAY_MS,
  failedLoginLimit: 100,
  failedLoginIntervalMs: DAY_MS / 100,
  signupLimit: 50,
  signupIntervalMs: MINUTE_MS / 50,
};

/** GCRA tolerance: how far ahead of now the TAT may be while a burst still fits. */
export function toleranceMs(limit: number, intervalMs: number): number {
  return (limit - 1) * intervalMs;
}
