import { InvalidArgumentError } from '@platform/errors';
import { createHash } from 'node:crypto';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** One page of `items` (sorted by name) after the position `pageToken` names. */
export function pageOf<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  request: { pageSize: number; pageToken: string; filters: unknown },
): { items: T[]; nextPageToken: string } {
  const size =
    request.pageSize <= 0 ? DEFAULT_PAGE_SIZE : Math.min(request.pageSize, MAX_PAGE_SIZE);
  const filters = filtersDigest(request.filters);
  const after = request.pageToken === '' ? '' : decode(request.pageToken, filters);
  const rest = after === '' ? items : items.filter((item) => nameOf(item) > after);
  const page = rest.slice(0, size);
  const last = page.at(-1);
  const more = rest.length > size && last !== undefined;
  return { items: page, nextPageToken: more ? encode(nameOf(last), filters) : '' };
}

// The token names the last item shown, not an offset, so a page stays right when items are
// added or removed between calls; the filters digest refuses a token used with other filters.
function encode(after: string, filters: string): string {
  return Buffer.from(JSON.stringify({ after, filters })).toString('base64url');
}

function decode(token: string, filters: string): string {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = value as { after?: unknown; filters?: unknown } | undefined;
  if (typeof parsed?.after !== 'string' || typeof parsed.filters !== 'string') {
    throw new InvalidArgumentError('page_token', 'is not a token this service issued');
  }
  if (parsed.filters !== filters) {
    throw new InvalidArgumentError(
      'page_token',
      'was issued for other filters; start again without it',
    );
  }
  return parsed.after;
}

function filtersDigest(filters: unknown): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 16);
}
