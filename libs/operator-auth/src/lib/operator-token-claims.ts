import { quoteTokenValue, refused } from './token-refusal';
import type { OperatorIdentity } from './operator-identity';
import { isOperatorRole, OPERATOR_ROLES } from './operator-roles';

/** What the claims of a token whose signature already checked out must satisfy. */
export interface ClaimExpectations {
  /** The issuer whose key verified the signature. */
  issuer: string;
  audience: string;
  now: Date;
  clockToleranceSeconds: number;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * The identity a token's claims prove, after checking time, audience, subject and role.
 * Claims are checked here rather than by jose so that each refusal gets its own one-line reason.
 *
 * @throws UnauthenticatedError naming the claim that is missing, malformed or not acceptable.
 */
export function identityFromClaims(
  claims: Record<string, unknown>,
  expected: ClaimExpectations,
): OperatorIdentity {
  const nowSeconds = expected.now.getTime() / 1000;
  const tolerance = expected.clockToleranceSeconds;

  const exp = numericDate(claims, 'exp');
  if (exp === undefined) throw refused('token has no exp claim; operator tokens must expire');
  if (exp <= nowSeconds - tolerance) {
    throw refused(`token expired at ${isoTime(exp)}`);
  }
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && nbf > nowSeconds + tolerance) {
    throw refused(`token is not valid before ${isoTime(nbf)}`);
  }
  numericDate(claims, 'iat');

  checkAudience(claims['aud'], expected.audience);

  const subject = claims['sub'];
  if (typeof subject !== 'string' || subject.trim() === '') {
    throw refused('token has no subject (sub claim)');
  }
  if (CONTROL_CHARACTERS.test(subject)) {
    throw refused('sub claim contains control characters');
  }

  const role = claims['role'];
  if (role === undefined) throw refused('token has no role claim');
  if (!isOperatorRole(role)) {
    throw refused(
      `role claim ${quoteTokenValue(role)} is not an operator role (one of: ${OPERATOR_ROLES.join(', ')})`,
    );
  }

  const tokenId = claims['jti'];
  if (tokenId !== undefined && typeof tokenId !== 'string') {
    throw refused('jti claim is not a string');
  }

  return {
    subject,
    role,
    issuer: expected.issuer,
    ...(tokenId === undefined ? {} : { tokenId }),
    expiresAt: new Date(exp * 1000),
  };
}

function numericDate(claims: Record<string, unknown>, name: string): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw refused(`${name} claim is not a NumericDate (seconds since the epoch)`);
  }
  return value;
}

function checkAudience(audience: unknown, expected: string): void {
  if (audience === undefined) throw refused('token has no aud claim');
  const audiences = Array.isArray(audience) ? audience : [audience];
  if (!audiences.every((entry) => typeof entry === 'string')) {
    throw refused('aud claim is not a string or a list of strings');
  }
  if (!audiences.includes(expected)) {
    throw refused(
      `token is for audience ${quoteTokenValue(audience)}, not ${quoteTokenValue(expected)}`,
    );
  }
}

function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}
