import { botDetectionV1alpha1 } from '@platform/contracts';
import type { IpRange } from './ip-address';
import { formatIpRange, parseIpRange } from './ip-address';

export type SignatureAction = botDetectionV1alpha1.Action;
export type SignatureCategory = botDetectionV1alpha1.SignatureCategory;

/** What a signature matches. */
export type SignatureMatcher =
  | { readonly kind: 'ip'; readonly range: IpRange }
  | { readonly kind: 'user-agent'; readonly pattern: string }
  | { readonly kind: 'fingerprint'; readonly hash: string };

/** A validated signature as the index and the store keep it. */
export interface SignatureRecord {
  readonly id: string;
  readonly matcher: SignatureMatcher;
  readonly source: string;
  readonly category: SignatureCategory;
  readonly action: SignatureAction;
  /** Epoch milliseconds after which it no longer applies; 0 means never. */
  readonly expiresAtMs: number;
}

export function isActive(record: { readonly expiresAtMs: number }, nowMs: number): boolean {
  return record.expiresAtMs === 0 || record.expiresAtMs > nowMs;
}

type EncodedSignature = [
  id: string,
  kind: 'i' | 'u' | 'f',
  match: string,
  action: string,
  category: string,
  source: string,
  expiresAtMs: number,
];

/** Compact JSON for Redis: a million of these are written by one import. */
export function encodeSignature(record: SignatureRecord): string {
  const { matcher } = record;
  const [kind, match]: ['i' | 'u' | 'f', string] =
    matcher.kind === 'ip'
      ? ['i', formatIpRange(matcher.range)]
      : matcher.kind === 'user-agent'
        ? ['u', matcher.pattern]
        : ['f', matcher.hash];
  const encoded: EncodedSignature = [
    record.id,
    kind,
    match,
    record.action,
    record.category,
    record.source,
    record.expiresAtMs,
  ];
  return JSON.stringify(encoded);
}

/** Reads what {@link encodeSignature} wrote; undefined for anything else (never throws). */
export function decodeSignature(text: string): SignatureRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 7) return undefined;
  const [id, kind, match, action, category, source, expiresAtMs] = value as unknown[];
  if (
    typeof id !== 'string' ||
    typeof match !== 'string' ||
    typeof action !== 'string' ||
    typeof category !== 'string' ||
    typeof source !== 'string' ||
    typeof expiresAtMs !== 'number'
  ) {
    return undefined;
  }
  let matcher: SignatureMatcher;
  if (kind === 'i') {
    const range = parseIpRange(match);
    if (!range) return undefined;
    matcher = { kind: 'ip', range };
  } else if (kind === 'u') matcher = { kind: 'user-agent', pattern: match };
  else if (kind === 'f') matcher = { kind: 'fingerprint', hash: match };
  else return undefined;
  const knownAction = ACTIONS.get(action);
  const knownCategory = CATEGORIES.get(category);
  if (!knownAction || !knownCategory) return undefined;
  return { id, matcher, source, category: knownCategory, action: knownAction, expiresAtMs };
}

/**
 * The contract's own enum strings by value: a decoded record points at these instead of a fresh
 * copy per record (a million `"ACTION_BLOCK"` strings would cost tens of megabytes).
 */
const ACTIONS = new Map<string, SignatureAction>(
  Object.values(botDetectionV1alpha1.Action).map((value) => [value, value]),
);
const CATEGORIES = new Map<string, SignatureCategory>(
  Object.values(botDetectionV1alpha1.SignatureCategory).map((value) => [value, value]),
);
