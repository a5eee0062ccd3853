import { botDetectionV1alpha1 } from '@platform/contracts';
import { ipSignature } from '../../test/signatures';
import { decideVerdict, type RuleFindings } from './verdict';

const { Action, Reason } = botDetectionV1alpha1;
const QUIET: RuleFindings = { bruteForceBlocked: false, failedLoginRetryMs: 0, signupRetryMs: 0 };

describe(decideVerdict.name, () => {
  it('allows an allowlisted IP whatever signatures and rules say', () => {
    const verdict = decideVerdict({
      allowlisted: true,
      signatures: [ipSignature('bad', '192.0.2.0/24')],
      rules: { bruteForceBlocked: true, failedLoginRetryMs: 5_000, signupRetryMs: 5_000 },
    });
    expect(verdict).toEqual({
      action: Action.ACTION_ALLOW,
      reasons: [Reason.REASON_ALLOWLISTED],
      signatureIds: [],
      retryAfterSeconds: 0,
    });
  });

  it('allows with no reasons when nothing matched', () => {
    expect(decideVerdict({ allowlisted: false, signatures: [], rules: QUIET })).toEqual({
      action: Action.ACTION_ALLOW,
      reasons: [],
      signatureIds: [],
      retryAfterSeconds: 0,
    });
  });

  it('takes the strictest signature action and lists every matching id', () => {
    const verdict = decideVerdict({
      allowlisted: false,
      signatures: [
        ipSignature('proxy', '192.0.2.0/24', { action: Action.ACTION_CHALLENGE }),
        ipSignature('abuse', '192.0.2.0/28', { action: Action.ACTION_THROTTLE }),
      ],
      rules: QUIET,
    });
    expect(verdict.action).toBe(Action.ACTION_THROTTLE);
    expect(verdict.signatureIds).toEqual(['proxy', 'abuse']);
    expect(verdict.reasons).toEqual([Reason.REASON_SIGNATURE_MATCH]);
  });

  it('lets a brute-force block outrank a challenging signature, reasons strictest first', () => {
    const verdict = decideVerdict({
      allowlisted: false,
      signatures: [ipSignature('proxy', '192.0.2.0/24', { action: Action.ACTION_CHALLENGE })],
      rules: { ...QUIET, bruteForceBlocked: true, failedLoginRetryMs: 864_000 },
    });
    expect(verdict.action).toBe(Action.ACTION_BLOCK);
    expect(verdict.reasons).toEqual([
      Reason.REASON_BRUTE_FORCE,
      Reason.REASON_SUSPICIOUS_IP_THROTTLE,
      Reason.REASON_SIGNATURE_MATCH,
    ]);
    expect(verdict.retryAfterSeconds).toBe(0);
  });

  it('throttles with the longest retry-after of the throttling rules, rounded up to seconds', () => {
    const verdict = decideVerdict({
      allowlisted: false,
      signatures: [],
      rules: { ...QUIET, failedLoginRetryMs: 1_500, signupRetryMs: 800 },
    });
    expect(verdict.action).toBe(Action.ACTION_THROTTLE);
    expect(verdict.retryAfterSeconds).toBe(2);
    expect(verdict.reasons).toEqual([
      Reason.REASON_SUSPICIOUS_IP_THROTTLE,
      Reason.REASON_SIGNUP_RATE,
    ]);
  });

  it('answers from signatures alone when the rules could not be asked (fail open)', () => {
    expect(decideVerdict({ allowlisted: false, signatures: [], rules: undefined }).action).toBe(
      Action.ACTION_ALLOW,
    );
    expect(
      decideVerdict({
        allowlisted: false,
        signatures: [ipSignature('bad', '192.0.2.0/24')],
        rules: undefined,
      }).action,
    ).toBe(Action.ACTION_BLOCK);
  });
});
