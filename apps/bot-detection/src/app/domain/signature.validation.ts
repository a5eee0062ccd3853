import { botDetectionV1alpha1 } from '@platform/contracts';
import { parseIpRange } from './ip-address';
import type { SignatureMatcher, SignatureRecord } from './signature';

const { Action, SignatureCategory } = botDetectionV1alpha1;

export const MAX_SIGNATURE_ID_LENGTH = 128;
export const MAX_SOURCE_LENGTH = 128;
export const MAX_USER_AGENT_PATTERN_LENGTH = 256;
export const MAX_FINGERPRINT_LENGTH = 128;

const SIGNATURE_ACTIONS: readonly string[] = [
  Action.ACTION_CHALLENGE,
  Action.ACTION_THROTTLE,
  Action.ACTION_BLOCK,
];
const CATEGORIES: readonly string[] = Object.values(SignatureCategory).filter(
  (category) =>
    category !== SignatureCategory.SIGNATURE_CATEGORY_UNSPECIFIED &&
    category !== SignatureCategory.UNRECOGNIZED,
);
const PRINTABLE = /^[\x21-\x7e]+$/;

export type SignatureValidation =
  { ok: true; record: SignatureRecord } | { ok: false; signatureId: string; problem: string };

/**
 * Checks one imported signature against the contract; a problem names its field
 * (`ip_range: not an IP address or CIDR range`). Expiry in the past is refused: storing a
 * signature that never applies is almost always a clock or feed mistake.
 */
export function validateSignature(
  signature: botDetectionV1alpha1.Signature,
  nowMs: number,
): SignatureValidation {
  const fail = (problem: string): SignatureValidation => ({
    ok: false,
    signatureId: typeof signature.id === 'string' ? signature.id : '',
    problem,
  });
  const { id } = signature;
  if (id === '') return fail('id: is required');
  if (id.length > MAX_SIGNATURE_ID_LENGTH) {
    return fail(`id: is longer than ${MAX_SIGNATURE_ID_LENGTH} characters`);
  }
  const matcher = matcherOf(signature);
  if (typeof matcher === 'string') return fail(matcher);
  if (signature.source === '') return fail('source: is required');
  if (signature.source.length > MAX_SOURCE_LENGTH) {
    return fail(`source: is longer than ${MAX_SOURCE_LENGTH} characters`);
  }
  if (!CATEGORIES.includes(signature.category)) {
    return fail(`category: expected one of ${CATEGORIES.join(', ')}`);
  }
  if (!SIGNATURE_ACTIONS.includes(signature.action)) {
    return fail(`action: expected one of ${SIGNATURE_ACTIONS.join(', ')}`);
  }
  let expiresAtMs = 0;
  if (signature.expiresAt) {
    expiresAtMs =
      Number(signature.expiresAt.seconds) * 1000 + Math.floor(signature.expiresAt.nanos / 1e6);
    if (!Number.isFinite(expiresAtMs)) return fail('expires_at: is not a valid time');
    if (expiresAtMs <= nowMs) return fail('expires_at: is in the past');
  }
  return {
    ok: true,
    record: {
      id,
      matcher,
      source: signature.source,
      category: signature.category,
      action: signature.action,
      expiresAtMs,
    },
  };
}

/** The one matcher the signature sets, or a problem. Unset and empty are the same on the wire. */
function matcherOf(signature: botDetectionV1alpha1.Signature): SignatureMatcher | string {
  const set = [signature.ipRange, signature.userAgentPattern, signature.fingerprintHash].filter(
    (value) => value !== undefined && value !== null && value !== '',
  );
  if (set.length !== 1) {
    return 'match: exactly one of ip_range, user_agent_pattern, fingerprint_hash is required';
  }
  if (signature.ipRange) {
    const range = parseIpRange(signature.ipRange);
    if (!range) {
      return 'ip_range: not an IP address or CIDR range with its host bits zero';
    }
    return { kind: 'ip', range };
  }
  if (signature.userAgentPattern) {
    const pattern = signature.userAgentPattern;
    if (pattern.length > MAX_USER_AGENT_PATTERN_LENGTH) {
      return `user_agent_pattern: is longer than ${MAX_USER_AGENT_PATTERN_LENGTH} characters`;
    }
    // A pattern of stars alone would match every client of every Space.
    if (pattern.replace(/\*/g, '').trim() === '') {
      return 'user_agent_pattern: must contain characters other than "*"';
    }
    return { kind: 'user-agent', pattern };
  }
  const hash = signature.fingerprintHash ?? '';
  if (hash.length > MAX_FINGERPRINT_LENGTH || !PRINTABLE.test(hash)) {
    return `fingerprint_hash: expected 1-${MAX_FINGERPRINT_LENGTH} printable ASCII characters`;
  }
  return { kind: 'fingerprint', hash };
}
