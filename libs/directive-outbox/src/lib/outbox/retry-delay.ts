/** How retries of one failing target space out. */
export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Delay before retry `attempt` (0 for the first retry): "equal jitter", half of an exponentially
 * growing cap plus a random part of the other half. The fixed half makes the delay really grow
 * while a relay stays down; the random half keeps control-plane replicas from retrying in step.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt, 30));
  const half = Math.floor(cap / 2);
  return half + Math.floor(random() * (cap - half));
}
