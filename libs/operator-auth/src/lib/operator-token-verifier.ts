import { InvalidArgumentError } from '@platform/errors';
import { compactVerify, decodeJwt, decodeProtectedHeader, errors } from 'jose';
import type { OperatorIdentity } from './operator-identity';
import { identityFromClaims } from './operator-token-claims';
import {
  importTokenPublicKey,
  OPERATOR_TOKEN_ALGORITHMS,
  type OperatorTokenAlgorithm,
  type TokenKey,
} from './token-keys';
import { quoteTokenValue, refused } from './token-refusal';
import type { TrustedIssuer } from './trusted-issuer';

/** Options for {@link OperatorTokenVerifier.create}. */
export interface OperatorTokenVerifierOptions {
  issuers: TrustedIssuer[];
  /** The `aud` a token must name, usually {@link OPERATOR_TOKEN_AUDIENCE}. */
  audience: string;
  /** How far clocks of issuer and verifier may disagree, for `exp` and `nbf`; default 30. */
  clockToleranceSeconds?: number;
  /** The clock; tests pass their own. */
  now?: () => Date;
}

const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
const BEARER = /^Bearer[ \t]+(\S*)[ \t]*$/i;

/**
 * Verifies operator bearer tokens: JWTs signed with EdDSA (Ed25519) or ES256 (P-256) by a
 * trusted issuer. Keys are imported once, at {@link OperatorTokenVerifier.create}; `verify` only
 * computes. Every refusal is an `UnauthenticatedError` with a one-line reason that never
 * contains the token itself.
 */
export class OperatorTokenVerifier {
  private constructor(
    // A Map: an `iss` such as `__proto__` must find nothing.
    private readonly keysByIssuer: ReadonlyMap<string, readonly TokenKey[]>,
    private readonly audience: string,
    private readonly clockToleranceSeconds: number,
    private readonly now: () => Date,
  ) {}

  /**
   * @throws InvalidArgumentError naming the field (`issuers[1].publicKeyPems[0]` and the issuer)
   *   when a key is not an Ed25519 or P-256 public key, an issuer has no key or appears twice,
   *   or the audience or clock tolerance is unusable.
   */
  static async create(options: OperatorTokenVerifierOptions): Promise<OperatorTokenVerifier> {
    if (options.audience.trim() === '') {
      throw new InvalidArgumentError('audience', 'must not be empty');
    }
    const tolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
    if (!Number.isFinite(tolerance) || tolerance < 0) {
      throw new InvalidArgumentError('clockToleranceSeconds', `expected >= 0, got ${tolerance}`);
    }
    const keysByIssuer = new Map<string, TokenKey[]>();
    for (const [index, trusted] of options.issuers.entries()) {
      const field = `issuers[${index}]`;
      if (trusted.issuer.trim() === '') {
        throw new InvalidArgumentError(`${field}.issuer`, 'must not be empty');
      }
      if (keysByIssuer.has(trusted.issuer)) {
        throw new InvalidArgumentError(
          `${field}.issuer`,
          `issuer "${trusted.issuer}" is listed twice; list all its keys under one entry`,
        );
      }
      if (trusted.publicKeyPems.length === 0) {
        throw new InvalidArgumentError(
          `${field}.publicKeyPems`,
          `issuer "${trusted.issuer}" has no public key`,
        );
      }
      const keys: TokenKey[] = [];
      for (const [keyIndex, pem] of trusted.publicKeyPems.entries()) {
        try {
          keys.push(await importTokenPublicKey(pem));
        } catch (error) {
          throw new InvalidArgumentError(
            `${field}.publicKeyPems[${keyIndex}]`,
            `key of issuer "${trusted.issuer}" refused: ${(error as Error).message}`,
          );
        }
      }
      keysByIssuer.set(trusted.issuer, keys);
    }
    return new OperatorTokenVerifier(
      keysByIssuer,
      options.audience,
      tolerance,
      options.now ?? (() => new Date()),
    );
  }

  /**
   * The identity proven by an `authorization` value of the form `Bearer <jwt>`.
   *
   * @throws UnauthenticatedError with the reason: no or non-Bearer authorization, a malformed
   *   token, an algorithm other than EdDSA/ES256, an unknown issuer, a signature no key of the
   *   issuer verifies, an expired or not yet valid token, another audience, or a missing `exp`,
   *   subject or role.
   */
  async verify(authorization: string | undefined): Promise<OperatorIdentity> {
    const token = bearerToken(authorization);
    const { algorithm, keyId, issuer } = unverifiedHeaderAndIssuer(token);
    const keys = this.keysByIssuer.get(issuer);
    if (keys === undefined) throw refused(`unknown token issuer ${quoteTokenValue(issuer)}`);

    const claims = await verifiedClaims(token, algorithm, keyId, keys, issuer);
    return identityFromClaims(claims, {
      issuer,
      audience: this.audience,
      now: this.now(),
      clockToleranceSeconds: this.clockToleranceSeconds,
    });
  }
}

function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw refused('missing authorization: expected "Bearer <token>"');
  }
  const match = BEARER.exec(authorization);
  if (match === null) throw refused('authorization is not a Bearer token');
  if (match[1] === '') throw refused('the Bearer token is empty');
  return match[1];
}

/** The header and `iss`, read before any check: they only pick the keys to verify with. */
function unverifiedHeaderAndIssuer(token: string): {
  algorithm: OperatorTokenAlgorithm;
  keyId: string | undefined;
  issuer: string;
} {
  if (token.split('.').length !== 3) {
    throw refused('malformed token: a JWT has three dot-separated parts');
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw refused('malformed token: its header is not base64url-encoded JSON');
  }
  const algorithm = header.alg;
  if (!isAcceptedAlgorithm(algorithm)) {
    throw refused(
      `token algorithm ${quoteTokenValue(algorithm)} is not accepted (allowed: ${OPERATOR_TOKEN_ALGORITHMS.join(', ')})`,
    );
  }
  if (header.b64 !== undefined) {
    throw refused('malformed token: JWTs must not use the b64 header');
  }
  try {
    payload = decodeJwt(token);
  } catch {
    throw refused('malformed token: its payload is not a base64url-encoded JSON object');
  }
  if (payload.iss === undefined) throw refused('token has no iss claim');
  if (typeof payload.iss !== 'string') throw refused('iss claim is not a string');
  return {
    algorithm,
    keyId: typeof header.kid === 'string' ? header.kid : undefined,
    issuer: payload.iss,
  };
}

/**
 * The claims, once a key of the issuer verifies the signature. Every key of the matching
 * algorithm is tried, the one named by `kid` first, so a token still verifies while an issuer
 * rotates keys or when its `kid` is absent.
 */
async function verifiedClaims(
  token: string,
  algorithm: OperatorTokenAlgorithm,
  keyId: string | undefined,
  keys: readonly TokenKey[],
  issuer: string,
): Promise<Record<string, unknown>> {
  const candidates = keys
    .filter((key) => key.algorithm === algorithm)
    .sort((a, b) => Number(b.keyId === keyId) - Number(a.keyId === keyId));
  for (const candidate of candidates) {
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(token, candidate.key, { algorithms: [algorithm] }));
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) continue;
      throw refused(`malformed token: ${(error as Error).message}`);
    }
    return verifiedPayload(payload);
  }
  throw refused(
    `token signature does not match any ${algorithm} key of issuer ${quoteTokenValue(issuer)}`,
  );
}

function verifiedPayload(payload: Uint8Array): Record<string, unknown> {
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw refused('malformed token: its payload is not JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw refused('malformed token: its payload is not a JSON object');
  }
  return claims as Record<string, unknown>;
}

function isAcceptedAlgorithm(value: unknown): value is OperatorTokenAlgorithm {
  return (OPERATOR_TOKEN_ALGORITHMS as readonly unknown[]).includes(value);
}
