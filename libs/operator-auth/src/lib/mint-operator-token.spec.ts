import { InvalidArgumentError } from '@platform/errors';
import {
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  importSPKI,
} from 'jose';
import { DEVELOPMENT_ISSUER, mintOperatorToken, OPERATOR_TOKEN_AUDIENCE } from '../index';
import { ecKeyPair, ed25519KeyPair, rsaKeyPair, type PemKeyPair } from '../test/token-keys.fixture';

const NOW = new Date('2030-01-15T12:00:00Z');

function mint(key: PemKeyPair, overrides: { subject?: string; ttlSeconds?: number } = {}) {
  return mintOperatorToken({
    privateKeyPem: key.privateKeyPem,
    issuer: DEVELOPMENT_ISSUER,
    audience: OPERATOR_TOKEN_AUDIENCE,
    subject: overrides.subject ?? 'alice@example.com',
    role: 'admin',
    ttlSeconds: overrides.ttlSeconds ?? 600,
    now: () => NOW,
  });
}

async function thumbprint(publicKeyPem: string, alg: string): Promise<string> {
  return calculateJwkThumbprint(
    await exportJWK(await importSPKI(publicKeyPem, alg, { extractable: true })),
  );
}

describe(mintOperatorToken.name, () => {
  it.each([
    ['an Ed25519 key', ed25519KeyPair, 'EdDSA'],
    ['a P-256 key', () => ecKeyPair('P-256'), 'ES256'],
  ])('signs with %s as %s and names the key in kid', async (_name, makeKey, alg) => {
    const key = makeKey();

    const header = decodeProtectedHeader(await mint(key));

    expect(header).toEqual({ alg, kid: await thumbprint(key.publicKeyPem, alg), typ: 'JWT' });
  });

  it('carries issuer, subject, audience, role, issue time, expiry and a token id', async () => {
    const claims = decodeJwt(await mint(ed25519KeyPair()));

    expect(claims).toEqual({
      iss: 'platform-dev',
      sub: 'alice@example.com',
      aud: 'platform-control-plane',
      role: 'admin',
      iat: NOW.getTime() / 1000,
      exp: NOW.getTime() / 1000 + 600,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('gives every token its own id', async () => {
    const key = ed25519KeyPair();

    const [first, second] = await Promise.all([mint(key), mint(key)]);

    expect(decodeJwt(first).jti).not.toBe(decodeJwt(second).jti);
  });

  it.each([
    ['an RSA key', { key: rsaKeyPair() }, /^privateKeyPem: the key type is rsa/],
    [
      'a public key',
      { key: { ...ed25519KeyPair(), privateKeyPem: ed25519KeyPair().publicKeyPem } },
      /^privateKeyPem: it is not a PEM private key/,
    ],
    ['an empty subject', { key: ed25519KeyPair(), subject: ' ' }, /^subject: must not be empty/],
    ['a ttl of zero', { key: ed25519KeyPair(), ttlSeconds: 0 }, /^ttlSeconds: expected a positive/],
  ])('refuses %s, naming the option', async (_name, { key, ...overrides }, message) => {
    const attempt = mint(key, overrides);

    await expect(attempt).rejects.toThrow(InvalidArgumentError);
    await expect(attempt).rejects.toThrow(message);
  });
});
