import { botDetectionV1alpha1 } from '@platform/contracts';
import type { IndexedSignature } from './signature-index';

const { Action, Reason } = botDetectionV1alpha1;
type Action = botDetectionV1alpha1.Action;
type Reason = botDetectionV1alpha1.Reason;

/** What the rate rules found for one attempt; `undefined` when Redis could not be asked. */
export interface RuleFindings {
  /** The user is blocked from this IP after repeated failed logins. */
  bruteForceBlocked: boolean;
  /** Milliseconds until the IP may try a login again; 0 when it is not throttled. */
  failedLoginRetryMs: number;
  /** Milliseconds until the IP may sign up again; 0 when it is not throttled. */
  signupRetryMs: number;
}

const STRENGTH: Record<string, number> = {
  [Action.ACTION_ALLOW]: 0,
  [Action.ACTION_CHALLENGE]: 1,
  [Action.ACTION_THROTTLE]: 2,
  [Action.ACTION_BLOCK]: 3,
};

/**
 * Combines the allowlist, the matching signatures and the rate rules into one answer: the
 * strictest action wins, every contributing reason is listed strictest first, and an
 * allowlisted IP is allowed whatever else matched (the contract's promise to a Space that
 * listed its own office or monitoring probes).
 */
export function decideVerdict(input: {
  allowlisted: boolean;
  signatures: readonly IndexedSignature[];
  rules: RuleFindings | undefined;
}): botDetectionV1alpha1.CheckResponse {
  if (input.allowlisted) {
    return {
      action: Action.ACTION_ALLOW,
      reasons: [Reason.REASON_ALLOWLISTED],
      signatureIds: [],
      retryAfterSeconds: 0,
    };
  }
  const contributions: { reason: Reason; action: Action }[] = [];
  if (input.signatures.length > 0) {
    let strictest: Action = Action.ACTION_CHALLENGE;
    for (const signature of input.signatures) {
      if (STRENGTH[signature.action] > STRENGTH[strictest]) strictest = signature.action;
    }
    contributions.push({ reason: Reason.REASON_SIGNATURE_MATCH, action: strictest });
  }
  const rules = input.rules;
  let retryMs = 0;
  if (rules?.bruteForceBlocked) {
    contributions.push({ reason: Reason.REASON_BRUTE_FORCE, action: Action.ACTION_BLOCK });
  }
  if (rules && rules.failedLoginRetryMs > 0) {
    contributions.push({
      reason: Reason.REASON_SUSPICIOUS_IP_THROTTLE,
      action: Action.ACTION_THROTTLE,
    });
    retryMs = Math.max(retryMs, rules.failedLoginRetryMs);
  }
  if (rules && rules.signupRetryMs > 0) {
    contributions.push({ reason: Reason.REASON_SIGNUP_RATE, action: Action.ACTION_THROTTLE });
    retryMs = Math.max(retryMs, rules.signupRetryMs);
  }
  if (contributions.length === 0) {
    return { action: Action.ACTION_ALLOW, reasons: [], signatureIds: [], retryAfterSeconds: 0 };
  }
  // Stable sort: among equal actions, signatures come before rules as pushed above.
  contributions.sort((a, b) => STRENGTH[b.action] - STRENGTH[a.action]);
  const action = contributions[0].action;
  return {
    action,
    reasons: contributions.map((contribution) => contribution.reason),
    signatureIds: input.signatures.map((signature) => signature.id),
    retryAfterSeconds: action === Action.ACTION_THROTTLE ? Math.ceil(retryMs / 1000) : 0,
  };
}
