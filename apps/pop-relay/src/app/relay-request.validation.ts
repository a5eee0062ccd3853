import { directiveV1alpha1, relayV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import { isDns1123Label } from '@platform/pki';

const { AckOutcome, RejectReason } = relayV1alpha1;
type DirectiveBody = directiveV1alpha1.DirectiveBody;
type SignedDirective = directiveV1alpha1.SignedDirective;

/** Largest payload the relay stores; a directive is a small control message. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Ed25519 signatures are exactly this long. */
export const SIGNATURE_BYTES = 64;
const MAX_KEY_ID_LENGTH = 128;
const DIRECTIVE_ID = /^[0-9A-Za-z_-]{1,64}$/;

/** Page sizes of GetDeliveryStatus, as the contract states them. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface ValidPublish {
  body: DirectiveBody;
  directive: SignedDirective;
}

/**
 * Checks a Publish request far enough to route and dedupe it: the payload decodes and names an id
 * and a Space. The signature is not verified here (agents verify it); only its shape is checked.
 */
export function validatePublish(request: relayV1alpha1.PublishRequest): ValidPublish {
  const directive = request.directive;
  if (!directive) throw new InvalidArgumentError('directive', 'is required');
  const payload = directive.payload;
  if (payload.length === 0) throw new InvalidArgumentError('directive.payload', 'is empty');
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new InvalidArgumentError(
      'directive.payload',
      `is ${payload.length} bytes; at most ${MAX_PAYLOAD_BYTES} are accepted`,
    );
  }
  let body: DirectiveBody;
  try {
    body = directiveV1alpha1.DirectiveBody.decode(payload);
  } catch {
    throw new InvalidArgumentError('directive.payload', 'does not decode as a DirectiveBody');
  }
  if (!DIRECTIVE_ID.test(body.id)) {
    throw new InvalidArgumentError(
      'directive.payload.id',
      body.id === '' ? 'is required' : 'expected 1-64 characters of [0-9A-Za-z_-]',
    );
  }
  validateSpaceName('directive.payload.space', body.space);
  if (directive.signature.length !== SIGNATURE_BYTES) {
    throw new InvalidArgumentError(
      'directive.signature',
      `expected ${SIGNATURE_BYTES} bytes (Ed25519), got ${directive.signature.length}`,
    );
  }
  if (directive.keyId === '') throw new InvalidArgumentError('directive.key_id', 'is required');
  if (directive.keyId.length > MAX_KEY_ID_LENGTH) {
    throw new InvalidArgumentError(
      'directive.key_id',
      `is longer than ${MAX_KEY_ID_LENGTH} characters`,
    );
  }
  return { body, directive };
}

export interface ValidAcknowledgement {
  directiveId: string;
  outcome: relayV1alpha1.AckOutcome;
  rejectReason: relayV1alpha1.RejectReason;
}

const ACK_OUTCOMES: readonly string[] = [
  AckOutcome.ACK_OUTCOME_APPLIED,
  AckOutcome.ACK_OUTCOME_DUPLICATE,
  AckOutcome.ACK_OUTCOME_REJECTED,
];

const REJECT_REASONS: readonly string[] = Object.values(RejectReason).filter(
  (reason) =>
    reason !== RejectReason.REJECT_REASON_UNSPECIFIED && reason !== RejectReason.UNRECOGNIZED,
);

/**
 * Checks an acknowledgement against the closed schema: a directive id, a known outcome, and a
 * known reject reason exactly when the outcome is REJECTED. An enum number the relay's contract
 * does not name arrives as a number (proto-loader keeps unknown values) and is refused.
 */
export function validateAcknowledge(
  request: relayV1alpha1.AcknowledgeRequest,
): ValidAcknowledgement {
  validateDirectiveId('directive_id', request.directiveId);
  const outcome: unknown = request.outcome;
  if (typeof outcome !== 'string' || !ACK_OUTCOMES.includes(outcome)) {
    throw new InvalidArgumentError(
      'outcome',
      `expected one of ${ACK_OUTCOMES.join(', ')}, got ${JSON.stringify(outcome)}`,
    );
  }
  const reason: unknown = request.rejectReason;
  if (outcome === AckOutcome.ACK_OUTCOME_REJECTED) {
    if (typeof reason !== 'string' || !REJECT_REASONS.includes(reason)) {
      throw new InvalidArgumentError(
        'reject_reason',
        `is required when the outcome is REJECTED (one of the RejectReason values), got ${JSON.stringify(reason)}`,
      );
    }
  } else if (reason !== RejectReason.REJECT_REASON_UNSPECIFIED) {
    throw new InvalidArgumentError(
      'reject_reason',
      `must be REJECT_REASON_UNSPECIFIED unless the outcome is REJECTED, got ${JSON.stringify(reason)}`,
    );
  }
  return {
    directiveId: request.directiveId,
    outcome: request.outcome,
    rejectReason: request.rejectReason,
  };
}

export function validateSpaceName(field: string, value: string): void {
  if (value === '') throw new InvalidArgumentError(field, 'is required');
  if (!isDns1123Label(value)) {
    throw new InvalidArgumentError(
      field,
      'expected a Space name (lowercase letters, digits and "-", at most 63 characters)',
    );
  }
}

export function validateDirectiveId(field: string, value: string): void {
  if (value === '') throw new InvalidArgumentError(field, 'is required');
  if (!DIRECTIVE_ID.test(value)) {
    throw new InvalidArgumentError(field, 'expected 1-64 characters of [0-9A-Za-z_-]');
  }
}

/** The effective page size: 0 means the default, larger than the maximum means the maximum. */
export function pageSizeOf(requested: number): number {
  if (!Number.isInteger(requested) || requested < 0) {
    throw new InvalidArgumentError('page_size', 'must not be negative');
  }
  if (requested === 0) return DEFAULT_PAGE_SIZE;
  return Math.min(requested, MAX_PAGE_SIZE);
}

/** The page token is the last Space of the previous page, opaque to clients. */
export function encodePageToken(lastSpace: string): string {
  return Buffer.from(`after:${lastSpace}`).toString('base64url');
}

export function decodePageToken(token: string): string | undefined {
  if (token === '') return undefined;
  const decoded = Buffer.from(token, 'base64url').toString();
  const lastSpace = decoded.startsWith('after:') ? decoded.slice('after:'.length) : '';
  if (!isDns1123Label(lastSpace) || encodePageToken(lastSpace) !== token) {
    throw new InvalidArgumentError(
      'page_token',
      'is not a token from a previous GetDeliveryStatus call',
    );
  }
  return lastSpace;
}
