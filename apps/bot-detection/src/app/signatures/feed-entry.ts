import { decodeSignature, encodeSignature, type SignatureRecord } from '../domain/signature';

/**
 * One change on the PoP's feed. A batch of an import is one entry, not one per signature, so
 * a million-signature import appends a thousand entries.
 */
export type FeedChange =
  | { op: 'set'; records: SignatureRecord[] }
  | { op: 'remove'; ids: string[] }
  | { op: 'allowlist'; space: string }
  | { op: 'rules'; space: string };

/** Stream fields of a change. Encoded signatures are JSON, so they never hold a raw newline. */
export function feedFields(change: FeedChange): string[] {
  switch (change.op) {
    case 'set':
      return encodedSetFields(change.records.map(encodeSignature));
    case 'remove':
      return ['op', 'remove', 'ids', JSON.stringify(change.ids)];
    case 'allowlist':
    case 'rules':
      return ['op', change.op, 'space', change.space];
  }
}

/**
 * Stream fields of a `set` change from signatures already encoded: the writer encodes each once
 * for both the hash and the feed (encoding is a good part of what an import costs).
 */
export function encodedSetFields(encoded: readonly string[]): string[] {
  return ['op', 'set', 'data', encoded.join('\n')];
}

/** Reads stream fields back; undefined for an entry this version does not know (skipped). */
export function parseFeedFields(fields: readonly string[]): FeedChange | undefined {
  const values = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) {
    values.set(fields[index], fields[index + 1]);
  }
  const op = values.get('op');
  if (op === 'set') {
    const data = values.get('data') ?? '';
    const records: SignatureRecord[] = [];
    for (const line of data === '' ? [] : data.split('\n')) {
      const record = decodeSignature(line);
      if (record) records.push(record);
    }
    return { op, records };
  }
  if (op === 'remove') {
    try {
      const ids: unknown = JSON.parse(values.get('ids') ?? '[]');
      if (Array.isArray(ids)) {
        return { op, ids: ids.filter((id): id is string => typeof id === 'string') };
      }
    } catch {
      return undefined;
    }
    return undefined;
  }
  if (op === 'allowlist' || op === 'rules') {
    const space = values.get('space');
    return space ? { op, space } : undefined;
  }
  return undefined;
}
