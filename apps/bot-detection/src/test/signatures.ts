import { botDetectionV1alpha1 } from '@platform/contracts';
import { parseIpRange } from '../app/domain/ip-address';
import type { SignatureRecord } from '../app/domain/signature';

/** A signature record for specs: a BLOCK of category ABUSE from source "spec" unless told. */
export function ipSignature(
  id: string,
  range: string,
  overrides: Partial<SignatureRecord> = {},
): SignatureRecord {
  const parsed = parseIpRange(range);
  if (!parsed) throw new Error(`bad test range ${range}`);
  return {
    id,
    matcher: { kind: 'ip', range: parsed },
    source: 'spec',
    category: botDetectionV1alpha1.SignatureCategory.SIGNATURE_CATEGORY_ABUSE,
    action: botDetectionV1alpha1.Action.ACTION_BLOCK,
    expiresAtMs: 0,
    ...overrides,
  };
}
