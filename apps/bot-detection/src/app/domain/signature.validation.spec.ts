import { botDetectionV1alpha1 } from '@platform/contracts';
import { decodeSignature, encodeSignature } from './signature';
import { validateSignature } from './signature.validation';

const { Action, SignatureCategory } = botDetectionV1alpha1;
const NOW = Date.UTC(2026, 10, 23);

function signature(
  overrides: Partial<botDetectionV1alpha1.Signature>,
): botDetectionV1alpha1.Signature {
  return {
    id: 'feed-1',
    ipRange: '203.0.113.0/24',
    source: 'spamhaus-drop',
    category: SignatureCategory.SIGNATURE_CATEGORY_ABUSE,
    action: Action.ACTION_BLOCK,
    ...overrides,
  };
}

describe(validateSignature.name, () => {
  it('accepts a valid signature and stores it in a form that reads back the same', () => {
    const result = validateSignature(
      signature({ expiresAt: { seconds: String(NOW / 1000 + 3600), nanos: 0 } }),
      NOW,
    );
    if (!result.ok) throw new Error(result.problem);
    expect(result.record.expiresAtMs).toBe(NOW + 3_600_000);
    expect(decodeSignature(encodeSignature(result.record))).toEqual(result.record);
  });

  it.each([
    [{ id: '' }, 'id: is required'],
    [{ id: 'x'.repeat(129) }, 'id: is longer than 128 characters'],
    [
      { ipRange: '203.0.113.1/24' },
      'ip_range: not an IP address or CIDR range with its host bits zero',
    ],
    [
      { ipRange: '999.0.0.0/8' },
      'ip_range: not an IP address or CIDR range with its host bits zero',
    ],
    [
      { ipRange: undefined },
      'match: exactly one of ip_range, user_agent_pattern, fingerprint_hash is required',
    ],
    [
      { userAgentPattern: 'curl/*' },
      'match: exactly one of ip_range, user_agent_pattern, fingerprint_hash is required',
    ],
    [
      { ipRange: undefined, userAgentPattern: '***' },
      'user_agent_pattern: must contain characters other than "*"',
    ],
    [
      { ipRange: undefined, userAgentPattern: 'a'.repeat(257) },
      'user_agent_pattern: is longer than 256 characters',
    ],
    [
      { ipRange: undefined, fingerprintHash: 'has space' },
      'fingerprint_hash: expected 1-128 printable ASCII characters',
    ],
    [
      { action: Action.ACTION_ALLOW },
      'action: expected one of ACTION_CHALLENGE, ACTION_THROTTLE, ACTION_BLOCK',
    ],
    [{ source: '' }, 'source: is required'],
    [{ expiresAt: { seconds: String(NOW / 1000 - 1), nanos: 0 } }, 'expires_at: is in the past'],
  ] as [Partial<botDetectionV1alpha1.Signature>, string][])(
    'rejects %j with "%s"',
    (overrides, problem) => {
      expect(validateSignature(signature(overrides), NOW)).toEqual({
        ok: false,
        signatureId: overrides.id ?? 'feed-1',
        problem,
      });
    },
  );

  it('rejects an unknown category', () => {
    const result = validateSignature(
      signature({ category: SignatureCategory.SIGNATURE_CATEGORY_UNSPECIFIED }),
      NOW,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(
      /^category: expected one of SIGNATURE_CATEGORY_BOT/,
    );
  });
});
