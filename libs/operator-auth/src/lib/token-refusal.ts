import { UnauthenticatedError } from '@platform/errors';

const MAX_QUOTED_LENGTH = 60;

/** Why a token is refused; callers pass reasons that never contain the token itself. */
export function refused(reason: string): UnauthenticatedError {
  return new UnauthenticatedError(reason);
}

/**
 * A value taken from an unverified token, for an error message: JSON keeps it on one line and
 * the cut keeps a hostile value from flooding logs.
 */
export function quoteTokenValue(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > MAX_QUOTED_LENGTH ? `${json.slice(0, MAX_QUOTED_LENGTH)}…` : json;
}
