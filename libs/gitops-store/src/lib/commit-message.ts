import { InvalidArgumentError } from '@platform/errors';
import { hasControlCharacter } from './control-characters';

/** The trailers every store commit carries. */
export const COMMIT_TRAILERS = {
  operation: 'Platform-Operation',
  actor: 'Platform-Actor',
  requestId: 'Platform-Request-Id',
} as const;

export interface CommitMessageParts {
  message: string;
  operation: string;
  actor: string;
  requestId: string;
}

/**
 * The full commit message: the caller's message, a blank line, then the three trailers, so
 * `git interpret-trailers --parse` and `%(trailers)` find them.
 */
export function formatCommitMessage(parts: CommitMessageParts): string {
  const message = typeof parts.message === 'string' ? parts.message.trim() : '';
  if (message === '') throw new InvalidArgumentError('message', 'must not be empty');
  const trailers = (Object.keys(COMMIT_TRAILERS) as (keyof typeof COMMIT_TRAILERS)[]).map(
    (field) => `${COMMIT_TRAILERS[field]}: ${trailerValue(field, parts[field])}`,
  );
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
