import { UnauthenticatedError } from '@platform/errors';
import {
  mintOperatorToken,
  OPERATOR_TOKEN_AUDIENCE,
  OperatorTokenVerifier,
  type OperatorRole,
} from '../index';
import {
  ecKeyPair,
  ed25519KeyPair,
  handMadeToken,
  rsaKeyPair,
  type PemKeyPair,
} from '../test/token-keys.fixture';

const ISSUER = 'https://id.example.com';
const NOW = new Date('2030-01-15T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const HOUR = 3600;

const edKey = ed25519KeyPair();
const ecKey = ecKeyPair();
const strangerKey = ed25519KeyPair();

function verifierFor(
  issuers: Array<{ issuer: string; keys: PemKeyPair[] }>,
  clock: () => Date = () => NOW,
): Promise<OperatorTokenVerifier> {
  return OperatorTokenVerifier.create({
    issuers: issuers.map(({ issuer, keys }) => ({
      issuer,
      publicKeyPems: keys.map((key) => key.publicKeyPem),
    })),
    audience: OPERATOR_TOKEN_AUDIENCE,
    clockToleranceSeconds: 30,
    now: clock,
  });
}

function mint(
  key: PemKeyPair,
  overrides: { issuer?: string; audience?: string; role?: OperatorRole; now?: Date } = {},
): Promise<string> {
  return mintOperatorToken({
    privateKeyPem: key.privateKeyPem,
    issuer: overrides.issuer ?? ISSUER,
    audience: overrides.audience ?? OPERATOR_TOKEN_AUDIENCE,
    subject: 'alice@example.com',
    role: overrides.role ?? 'operator',
    ttlSeconds: HOUR,
    now: () => overrides.now ?? NOW,
  });
}

/** Claims of a valid token, with some replaced or removed (`undefined`). */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const all: Record<string, unknown> = {
    iss: ISSUER,
    sub: 'alice@example.com',
    aud: OPERATOR_TOKEN_AUDIENCE,
    role: 'operator',
    iat: NOW_SECONDS,
    exp: NOW_SECONDS + HOUR,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
}

function signedByEdKey(payload: Record<string, unknown>): string {
  return handMadeToken({ alg: 'EdDSA', typ: 'JWT' }, payload, {
    kind: 'EdDSA',
    privateKeyPem: edKey.privateKeyPem,
  });
}

describe(OperatorTokenVerifier.name, () => {
  let verifier: OperatorTokenVerifier;

  beforeAll(async () => {
    verifier = await verifierFor([
      { issuer: ISSUER, keys: [edKey, ecKey] },
      { issuer: 'platform-dev', keys: [ed25519KeyPair()] },
    ]);
  });

  it('accepts an EdDSA token and returns who the operator is', async () => {
    const token = await mint(edKey, { role: 'customer-success' });

    const identity = await verifier.verify(`Bearer ${token}`);

    expect(identity).toEqual({
      subject: 'alice@example.com',
      role: 'customer-success',
      issuer: ISSUER,
      tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      expiresAt: new Date(NOW.getTime() + HOUR * 1000),
    });
  });

  it('accepts an ES256 token', async () => {
    const token = await mint(ecKey, { role: 'viewer' });

    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({
      subject: 'alice@example.com',
      role: 'viewer',
    });
  });

  it('accepts the scheme in any case, as HTTP does', async () => {
    const token = await mint(edKey);

    await expect(verifier.verify(`bearer ${token}`)).resolves.toMatchObject({ role: 'operator' });
  });

  it('accepts a token without jti, kid or iat, leaving tokenId out', async () => {
    const token = signedByEdKey(claims({ iat: undefined }));

    const identity = await verifier.verify(`Bearer ${token}`);

    expect(identity.tokenId).toBeUndefined();
    expect(identity.subject).toBe('alice@example.com');
  });

  it('accepts an aud list that names the control plane', async () => {
    const token = signedByEdKey(claims({ aud: ['billing', OPERATOR_TOKEN_AUDIENCE] }));

    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ role: 'operator' });
  });

  describe('refuses, with a one-line reason that never repeats the token', () => {
    const hs256WithPublicKey = () =>
      handMadeToken({ alg: 'HS256', typ: 'JWT' }, claims(), {
        kind: 'HS256',
        secret: edKey.publicKeyPem,
      });
    const cases: Array<[string, () => Promise<string | undefined> | string | undefined, RegExp]> = [
      ['no authorization at all', () => undefined, /^missing authorization/],
      ['an empty authorization', () => '', /^missing authorization/],
      ['another scheme', () => 'Basic YWxpY2U6c2VjcmV0', /not a Bearer token/],
      ['a token without the scheme', () => signedByEdKey(claims()), /not a Bearer token/],
      ['an empty Bearer token', () => 'Bearer ', /Bearer token is empty/],
      ['a token that is not a JWT', () => 'Bearer not-a-jwt', /^malformed token/],
      ['a header that is not JSON', () => 'Bearer bm90IGpzb24.e30.c2ln', /^malformed token/],
      [
        'a payload that is not JSON',
        () =>
          `Bearer ${handMadeToken({ alg: 'EdDSA' }, 'not json', { kind: 'EdDSA', privateKeyPem: edKey.privateKeyPem })}`,
        /^malformed token/,
      ],
      [
        'alg none',
        () => `Bearer ${handMadeToken({ alg: 'none' }, claims(), { kind: 'none' })}`,
        /algorithm "none" is not accepted \(allowed: EdDSA, ES256\)/,
      ],
      [
        'HS256 keyed with the public key (algorithm confusion)',
        () => `Bearer ${hs256WithPublicKey()}`,
        /algorithm "HS256" is not accepted/,
      ],
      [
        'RS256',
        () =>
          `Bearer ${handMadeToken({ alg: 'RS256' }, claims(), { kind: 'RS256', privateKeyPem: rsaKeyPair().privateKeyPem })}`,
        /algorithm "RS256" is not accepted/,
      ],
      [
        'an unknown issuer',
        async () => `Bearer ${await mint(edKey, { issuer: 'https://evil.example.com' })}`,
        /^unknown token issuer "https:\/\/evil.example.com"$/,
      ],
      [
        'a token without iss',
        () => `Bearer ${signedByEdKey(claims({ iss: undefined }))}`,
        /no iss claim/,
      ],
      [
        'a token signed by a key the issuer does not have',
        async () => `Bearer ${await mint(strangerKey)}`,
        /signature does not match any EdDSA key of issuer "https:\/\/id.example.com"/,
      ],
      [
        'a token whose payload was changed after signing',
        async () => {
          const [header, , signature] = (await mint(edKey, { role: 'viewer' })).split('.');
          const forged = Buffer.from(JSON.stringify(claims({ role: 'admin' }))).toString(
            'base64url',
          );
          return `Bearer ${header}.${forged}.${signature}`;
        },
        /signature does not match/,
      ],
      [
        'an expired token',
        async () =>
          `Bearer ${await mint(edKey, { now: new Date(NOW.getTime() - 2 * HOUR * 1000) })}`,
        /^token expired at 2030-01-15T11:00:00.000Z$/,
      ],
      [
        'a token that is not valid yet',
        () => `Bearer ${signedByEdKey(claims({ nbf: NOW_SECONDS + 600 }))}`,
        /^token is not valid before 2030-01-15T12:10:00.000Z$/,
      ],
      [
        'another audience',
        async () => `Bearer ${await mint(edKey, { audience: 'billing' })}`,
        /^token is for audience "billing", not "platform-control-plane"$/,
      ],
      [
        'a token without aud',
        () => `Bearer ${signedByEdKey(claims({ aud: undefined }))}`,
        /no aud claim/,
      ],
      [
        'a token without exp',
        () => `Bearer ${signedByEdKey(claims({ exp: undefined }))}`,
        /no exp claim/,
      ],
      [
        'an exp that is not a number',
        () => `Bearer ${signedByEdKey(claims({ exp: 'tomorrow' }))}`,
        /exp claim is not a NumericDate/,
      ],
      [
        'a token without role',
        () => `Bearer ${signedByEdKey(claims({ role: undefined }))}`,
        /^token has no role claim$/,
      ],
      [
        'an unknown role',
        () => `Bearer ${signedByEdKey(claims({ role: 'superuser' }))}`,
        /role claim "superuser" is not an operator role \(one of: admin, operator, customer-success, viewer\)/,
      ],
      [
        'an empty subject',
        () => `Bearer ${signedByEdKey(claims({ sub: '  ' }))}`,
        /no subject \(sub claim\)/,
      ],
      [
        'a token without subject',
        () => `Bearer ${signedByEdKey(claims({ sub: undefined }))}`,
        /no subject \(sub claim\)/,
      ],
      [
        'a subject with a line break (it would forge a commit trailer)',
        () => `Bearer ${signedByEdKey(claims({ sub: 'alice\nPlatform-Actor: bob' }))}`,
        /sub claim contains control characters/,
      ],
    ];

    it.each(cases)('%s', async (_name, authorization, reason) => {
      const header = await authorization();

      const attempt = verifier.verify(header);

      await expect(attempt).rejects.toThrow(UnauthenticatedError);
      const error = (await attempt.catch((caught: unknown) => caught)) as Error;
      expect(error.message).toMatch(reason);
      expect(error.message).not.toContain('\n');
      const token = header?.replace(/^\S+\s+/, '') ?? '';
      for (const part of token.split('.').filter((segment) => segment.length > 8)) {
        expect(error.message).not.toContain(part);
      }
    });
  });

  describe('key rotation', () => {
    it('accepts tokens from both keys while an issuer lists the old and the new key', async () => {
      const oldKey = ed25519KeyPair();
      const newKey = ed25519KeyPair();
      const rotating = await verifierFor([{ issuer: ISSUER, keys: [oldKey, newKey] }]);

      await expect(rotating.verify(`Bearer ${await mint(oldKey)}`)).resolves.toMatchObject({
        issuer: ISSUER,
      });
      await expect(rotating.verify(`Bearer ${await mint(newKey)}`)).resolves.toMatchObject({
        issuer: ISSUER,
      });
    });

    it('refuses tokens of the old key once it is removed', async () => {
      const oldKey = ed25519KeyPair();
      const newKey = ed25519KeyPair();
      const rotated = await verifierFor([{ issuer: ISSUER, keys: [newKey] }]);

      await expect(rotated.verify(`Bearer ${await mint(oldKey)}`)).rejects.toThrow(
        /signature does not match/,
      );
    });

    it('still finds the key when kid names another key or is absent', async () => {
      const misleading = handMadeToken({ alg: 'ES256', kid: 'not-a-known-key' }, claims(), {
        kind: 'ES256',
        privateKeyPem: ecKey.privateKeyPem,
      });

      await expect(verifier.verify(`Bearer ${misleading}`)).resolves.toMatchObject({
        role: 'operator',
      });
    });

    it("does not accept one issuer's key for another issuer's tokens", async () => {
      const devKey = ed25519KeyPair();
      const twoIssuers = await verifierFor([
        { issuer: ISSUER, keys: [edKey] },
        { issuer: 'platform-dev', keys: [devKey] },
      ]);

      await expect(
        twoIssuers.verify(`Bearer ${await mint(devKey, { issuer: ISSUER })}`),
      ).rejects.toThrow(/signature does not match any EdDSA key of issuer/);
    });
  });

  describe('clock', () => {
    it('judges expiry by the injected clock, allowing the configured tolerance', async () => {
      let now = NOW;
      const clocked = await verifierFor([{ issuer: ISSUER, keys: [edKey] }], () => now);
      const token = `Bearer ${await mint(edKey)}`;

      now = new Date(NOW.getTime() + (HOUR + 29) * 1000);
      await expect(clocked.verify(token)).resolves.toMatchObject({ role: 'operator' });

      now = new Date(NOW.getTime() + (HOUR + 30) * 1000);
      await expect(clocked.verify(token)).rejects.toThrow(/^token expired at/);
    });

    it('accepts a token whose nbf is only within the tolerance ahead', async () => {
      const token = signedByEdKey(claims({ nbf: NOW_SECONDS + 20 }));

      await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({
        role: 'operator',
      });
    });
  });

  describe('create', () => {
    it.each([
      ['an RSA key', () => rsaKeyPair().publicKeyPem, /the key type is rsa, not Ed25519 or P-256/],
      [
        'a P-384 key',
        () => ecKeyPair('P-384').publicKeyPem,
        /the key type is ec secp384r1, not Ed25519 or P-256/,
      ],
      ['a private key', () => edKey.privateKeyPem, /it is a private key/],
      ['text that is no key', () => 'hello', /not a PEM public key/],
    ])('refuses %s, naming the issuer and the key', async (_name, pem, reason) => {
      const attempt = OperatorTokenVerifier.create({
        issuers: [
          { issuer: ISSUER, publicKeyPems: [edKey.publicKeyPem] },
          { issuer: 'corp-sso', publicKeyPems: [ecKey.publicKeyPem, pem()] },
        ],
        audience: OPERATOR_TOKEN_AUDIENCE,
      });

      await expect(attempt).rejects.toThrow(
        /^issuers\[1\]\.publicKeyPems\[1\]: key of issuer "corp-sso" refused: /,
      );
      await expect(attempt).rejects.toThrow(reason);
    });

    it('refuses an issuer without keys and an issuer listed twice', async () => {
      await expect(
        OperatorTokenVerifier.create({
          issuers: [{ issuer: ISSUER, publicKeyPems: [] }],
          audience: OPERATOR_TOKEN_AUDIENCE,
        }),
      ).rejects.toThrow(/issuers\[0\]\.publicKeyPems: issuer "https:\/\/id.example.com" has no/);
      await expect(
        OperatorTokenVerifier.create({
          issuers: [
            { issuer: ISSUER, publicKeyPems: [edKey.publicKeyPem] },
            { issuer: ISSUER, publicKeyPems: [ecKey.publicKeyPem] },
          ],
          audience: OPERATOR_TOKEN_AUDIENCE,
        }),
      ).rejects.toThrow(/issuers\[1\]\.issuer: issuer "https:\/\/id.example.com" is listed twice/);
    });
  });
});
