import { InvalidArgumentError } from '@platform/errors';
import { hasControlCharacter } from './control-characters';

/** The trailers every store commit carries. */
export const COMMIT_TRAILERS = {
  operation: 'Platform-Operation',
  actor: 'Platform-Actor',
  requestId: 'Platform-Request-Id',
} as const;

/** A trailer a change adds after the store's own: key and value, e.g. `['Platform-Spaces-Moved', '12']`. */
export type CommitTrailer = readonly [key: string, value: string];

export interface CommitMessageParts {
  message: string;
  operation: string;
  actor: string;
  requestId: string;
  /** More trailers, in this order, after the three of {@link COMMIT_TRAILERS}; a key may repeat. */
  trailers?: readonly CommitTrailer[];
}

// What git takes for a trailer key (letters, digits, dashes), starting with a letter.
const TRAILER_KEY = /^[A-Za-z][A-Za-z0-9-]*$/;
const RESERVED_KEYS = new Set(Object.values(COMMIT_TRAILERS).map((key) => key.toLowerCase()));

/**
 * The full commit message: the caller's message, a blank line, then the three trailers and the
 * change's own, so `git interpret-trailers --parse` and `%(trailers)` find them.
 */
export function formatCommitMessage(parts: CommitMessageParts): string {
  const message = typeof parts.message === 'string' ? parts.message.trim() : '';
  if (message === '') throw new InvalidArgumentError('message', 'must not be empty');
  const trailers = (Object.keys(COMMIT_TRAILERS) as (keyof typeof COMMIT_TRAILERS)[]).map(
    (field) => `${COMMIT_TRAILERS[field]}: ${trailerValue(field, parts[field])}`,
  );
  for (const [index, trailer] of (parts.trailers ?? []).entries()) {
    const [key, value] = Array.isArray(trailer) ? trailer : [];
    const field = `trailers[${index}]`;
    if (typeof key !== 'string' || !TRAILER_KEY.test(key)) {
      throw new InvalidArgumentError(
        field,
        `key ${JSON.stringify(key)} must be letters, digits and dashes, starting with a letter`,
      );
    }
    // The store's own trailers say who asked and which request: a change may not restate them.
    if (RESERVED_KEYS.has(key.toLowerCase())) {
      throw new InvalidArgumentError(field, `${key} is written by the store itself`);
    }
    trailers.push(`${key}: ${trailerValue(field, value)}`);
  }
  return `${message}\n\n${trailers.join('\n')}\n`;
}

/** A trailer value: one line, not empty, no surrounding spaces. */
export function trailerValue(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(field, 'must not be empty');
  }
  if (hasControlCharacter(value)) {
    throw new InvalidArgumentError(field, 'must be one line without control characters');
  }
  return value.trim();
}
