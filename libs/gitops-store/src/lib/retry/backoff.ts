/** Exponential backoff bounds: the first retry waits up to `baseMs`, each next one twice as long, never more than `maxMs`. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * How long to wait after failed attempt number `attempt` (1-based): a uniformly random time
 * up to the exponential ceiling ("full jitter"), so writers that lost the same race do not
 * come back in lockstep.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * (ceiling + 1));
}
