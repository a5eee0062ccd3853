import { directiveV1alpha1, relayV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import fc from 'fast-check';
import {
  decodePageToken,
  encodePageToken,
  MAX_PAYLOAD_BYTES,
  pageSizeOf,
  validateAcknowledge,
  validatePublish,
} from './relay-request.validation';

const { AckOutcome, RejectReason } = relayV1alpha1;

function directive(body: Partial<directiveV1alpha1.DirectiveBody> = {}) {
  return {
    payload: directiveV1alpha1.DirectiveBody.encode({
      id: 'd-1',
      space: 'acme-prod',
      gitCommit: '',
      emergency: false,
      ...body,
    }).finish(),
    signature: new Uint8Array(64),
    keyId: 'central-2025-11',
  };
}

function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.field;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe(validatePublish.name, () => {
  it('returns the decoded body a valid directive routes by', () => {
    expect(validatePublish({ directive: directive() }).body).toMatchObject({
      id: 'd-1',
      space: 'acme-prod',
    });
  });

  it.each([
    ['directive', undefined],
    ['directive.payload', { ...directive(), payload: new Uint8Array() }],
    ['directive.payload', { ...directive(), payload: new Uint8Array(MAX_PAYLOAD_BYTES + 1) }],
    ['directive.payload', { ...directive(), payload: Buffer.from([0x0a, 0xff]) }],
    ['directive.payload.id', directive({ id: '' })],
    ['directive.payload.id', directive({ id: 'has space' })],
    ['directive.payload.id', directive({ id: 'x'.repeat(65) })],
    ['directive.payload.space', directive({ space: '' })],
    ['directive.payload.space', directive({ space: '{acme}' })],
    ['directive.signature', { ...directive(), signature: new Uint8Array(63) }],
    ['directive.key_id', { ...directive(), keyId: '' }],
  ])('names %s when it is wrong', (field, signed) => {
    expect(fieldOf(() => validatePublish({ directive: signed }))).toBe(field);
  });

  it('never fails with anything but INVALID_ARGUMENT, whatever the payload bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (payload) => {
        try {
          validatePublish({ directive: { ...directive(), payload } });
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidArgumentError);
        }
      }),
    );
  });
});

describe(validateAcknowledge.name, () => {
  const ack = (outcome: unknown, rejectReason: unknown = RejectReason.REJECT_REASON_UNSPECIFIED) =>
    ({ directiveId: 'd-1', outcome, rejectReason }) as relayV1alpha1.AcknowledgeRequest;

  it.each([
    [AckOutcome.ACK_OUTCOME_APPLIED, RejectReason.REJECT_REASON_UNSPECIFIED],
    [AckOutcome.ACK_OUTCOME_DUPLICATE, RejectReason.REJECT_REASON_UNSPECIFIED],
    [AckOutcome.ACK_OUTCOME_REJECTED, RejectReason.REJECT_REASON_APPLY_FAILED],
  ])('accepts %s with %s', (outcome, reason) => {
    expect(validateAcknowledge(ack(outcome, reason))).toEqual({
      directiveId: 'd-1',
      outcome,
      rejectReason: reason,
    });
  });

  it.each([
    ['outcome', ack(AckOutcome.ACK_OUTCOME_UNSPECIFIED)],
    ['outcome', ack(AckOutcome.UNRECOGNIZED)],
    ['outcome', ack(7)],
    ['reject_reason', ack(AckOutcome.ACK_OUTCOME_REJECTED)],
    ['reject_reason', ack(AckOutcome.ACK_OUTCOME_REJECTED, 42)],
    [
      'reject_reason',
      ack(AckOutcome.ACK_OUTCOME_APPLIED, RejectReason.REJECT_REASON_BAD_SIGNATURE),
    ],
    ['directive_id', { ...ack(AckOutcome.ACK_OUTCOME_APPLIED), directiveId: '' }],
  ])('names %s when it is wrong', (field, request) => {
    expect(fieldOf(() => validateAcknowledge(request))).toBe(field);
  });
});

describe('delivery status paging', () => {
  it('uses 100 for 0, caps at 1000 and refuses negative sizes', () => {
    expect(pageSizeOf(0)).toBe(100);
    expect(pageSizeOf(5)).toBe(5);
    expect(pageSizeOf(5000)).toBe(1000);
    expect(fieldOf(() => pageSizeOf(-1))).toBe('page_size');
  });

  it('reads back every page token it writes, and refuses others', () => {
    expect(decodePageToken(encodePageToken('acme-prod'))).toBe('acme-prod');
    expect(decodePageToken('')).toBeUndefined();
    expect(fieldOf(() => decodePageToken('forged'))).toBe('page_token');
    expect(fieldOf(() => decodePageToken(Buffer.from('after:{x}').toString('base64url')))).toBe(
      'page_token',
    );
  });
});
