import { createHash } from 'node:crypto';
import type { botDetectionV1alpha1 as bd } from '@platform/contracts';
import {
  actions,
  categories,
  SIGNATURE_ACTION_WORDS,
  SIGNATURE_KIND_WORDS,
  SIGNATURE_KINDS,
  type SignatureKind,
} from './bot-detection-vocabulary';

/** The contract's limit on a signature id. */
export const MAX_SIGNATURE_ID_LENGTH = 128;

const FIELDS = ['id', 'kind', 'value', 'category', 'action', 'source', 'expiresAt'];
// A time zone is required: a feed's "2027-01-01T00:00:00" would mean a different instant on
// every operator's machine.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

export type ParsedLine =
  | { kind: 'signature'; signature: bd.Signature }
  | { kind: 'blank' }
  | { kind: 'malformed'; problem: string };

export interface LineDefaults {
  /** `source` for lines that name none (`--source`). */
  source?: string;
}

/**
 * One line of a signature file (JSON Lines) in the words people write:
 * `{"kind":"ip","value":"203.0.113.0/24","category":"bot","action":"block","source":"feed-x"}`,
 * optionally with `id` (default: `<kind>:<value>`) and `expiresAt` (ISO 8601 with a zone).
 * A problem names its field (`action: expected one of challenge, throttle, block`). Checks the
 * shape only; the service judges the values themselves (a CIDR range, an expiry in the past).
 */
export function parseSignatureLine(text: string, defaults: LineDefaults = {}): ParsedLine {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return { kind: 'blank' };
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch (error) {
    return malformed(`not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return malformed('expected a JSON object, one signature per line');
  }
  const record = raw as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => !FIELDS.includes(key));
  if (unknown !== undefined) return malformed(`${unknown}: unknown field`);

  const kind = wordField(record, 'kind', SIGNATURE_KIND_WORDS);
  if (typeof kind !== 'string') return kind;
  const value = textField(record, 'value');
  if (typeof value !== 'string') return value;
  const category = wordField(record, 'category', categories.words);
  if (typeof category !== 'string') return category;
  const action = wordField(record, 'action', SIGNATURE_ACTION_WORDS);
  if (typeof action !== 'string') return action;
  const source = record['source'] === undefined ? defaults.source : textField(record, 'source');
  if (source === undefined) return malformed('source: is required (or pass --source)');
  if (typeof source !== 'string') return source;
  let id = signatureIdFor(kind as SignatureKind, value);
  if (record['id'] !== undefined) {
    const given = textField(record, 'id');
    if (typeof given !== 'string') return given;
    if (given.length > MAX_SIGNATURE_ID_LENGTH) {
      return malformed(`id: is longer than ${MAX_SIGNATURE_ID_LENGTH} characters`);
    }
    id = given;
  }
  const signature: bd.Signature = {
    id,
    [SIGNATURE_KINDS[kind as SignatureKind]]: value,
    source,
    category: categories.parse(category) as bd.SignatureCategory,
    action: actions.parse(action) as bd.Action,
  };
  if (record['expiresAt'] !== undefined) {
    const expiresAt = record['expiresAt'];
    const ms =
      typeof expiresAt === 'string' && ISO_8601.test(expiresAt) ? Date.parse(expiresAt) : NaN;
    if (Number.isNaN(ms)) {
      return malformed(
        'expiresAt: expected an ISO 8601 time with a zone, e.g. 2027-01-01T00:00:00Z',
      );
    }
    signature.expiresAt = {
      seconds: String(Math.floor(ms / 1000)),
      nanos: (((ms % 1000) + 1000) % 1000) * 1e6,
    };
  }
  return { kind: 'signature', signature };
}

/**
 * The id a line gets when it names none: `<kind>:<value>`, so importing the same feed again
 * replaces its signatures instead of adding copies. Past the contract's 128 characters (a long
 * user-agent glob), `<kind>:sha256:<32 hex>` of the value.
 */
export function signatureIdFor(kind: SignatureKind, value: string): string {
  const plain = `${kind}:${value}`;
  if (plain.length <= MAX_SIGNATURE_ID_LENGTH) return plain;
  return `${kind}:sha256:${createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
}

function malformed(problem: string): ParsedLine {
  return { kind: 'malformed', problem };
}

function textField(record: Record<string, unknown>, field: string): string | ParsedLine {
  const value = record[field];
  if (value === undefined || value === null) return malformed(`${field}: is required`);
  if (typeof value !== 'string') return malformed(`${field}: expected a string`);
  if (value.trim() === '') return malformed(`${field}: must not be empty`);
  return value;
}

function wordField(
  record: Record<string, unknown>,
  field: string,
  choices: readonly string[],
): string | ParsedLine {
  const value = textField(record, field);
  if (typeof value !== 'string') return value;
  if (!choices.includes(value)) {
    return malformed(
      `${field}: expected one of ${choices.join(', ')} (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}
