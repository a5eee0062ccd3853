import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '@platform/errors';
import { SignJWT } from 'jose';
import { isOperatorRole, OPERATOR_ROLES, type OperatorRole } from './operator-roles';
import { importTokenPrivateKey, type TokenKey } from './token-keys';

/** Options for {@link mintOperatorToken}. */
export interface MintOperatorTokenOptions {
  /** Ed25519 (signs EdDSA) or P-256 (signs ES256) private key, PEM. */
  privateKeyPem: string;
  issuer: string;
  audience: string;
  /** Who the token speaks for, for example `alice@example.com`. */
  subject: string;
  role: OperatorRole;
  ttlSeconds: number;
  /** The clock; tests pass their own. */
  now?: () => Date;
}

/**
 * Signs an operator token: `iss`, `sub`, `aud`, `role`, `iat`, `exp` and a random `jti`, with
 * `kid` set to the JWK thumbprint of the key. For development and tests: production tokens come
 * from an identity provider.
 *
 * @throws InvalidArgumentError naming the option that is unusable (a key that is not Ed25519 or
 *   P-256, an empty subject, an unknown role, a ttl that is not a positive whole number).
 */
export async function mintOperatorToken(options: MintOperatorTokenOptions): Promise<string> {
  for (const field of ['issuer', 'audience', 'subject'] as const) {
    if (options[field].trim() === '') throw new InvalidArgumentError(field, 'must not be empty');
  }
  if (!isOperatorRole(options.role)) {
    throw new InvalidArgumentError(
      'role',
      `${JSON.stringify(options.role)} is not an operator role (one of: ${OPERATOR_ROLES.join(', ')})`,
    );
  }
  if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds <= 0) {
    throw new InvalidArgumentError(
      'ttlSeconds',
      `expected a positive whole number of seconds, got ${options.ttlSeconds}`,
    );
  }
  let signingKey: TokenKey;
  try {
    signingKey = await importTokenPrivateKey(options.privateKeyPem);
  } catch (error) {
    throw new InvalidArgumentError('privateKeyPem', (error as Error).message);
  }

  const issuedAt = Math.floor((options.now ?? (() => new Date()))().getTime() / 1000);
  return new SignJWT({ role: options.role })
    .setProtectedHeader({ alg: signingKey.algorithm, kid: signingKey.keyId, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setSubject(options.subject)
    .setAudience(options.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + options.ttlSeconds)
    .setJti(randomUUID())
    .sign(signingKey.key);
}
