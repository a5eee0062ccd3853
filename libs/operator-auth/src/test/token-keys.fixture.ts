import { createHmac, generateKeyPairSync, sign } from 'node:crypto';

/** A key pair as PEM, the way issuers and the PKI directory hold keys. */
export interface PemKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

export function ed25519KeyPair(): PemKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

export function ecKeyPair(namedCurve: 'P-256' | 'P-384' = 'P-256'): PemKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', {
    namedCurve,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

export function rsaKeyPair(): PemKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/**
 * A compact JWS built by hand, so a test can produce what no well-behaved signer would: any
 * header, any payload, `alg: none`, or an HMAC keyed with a public key.
 */
export function handMadeToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown> | string,
  signer:
    | { kind: 'EdDSA' | 'ES256' | 'RS256'; privateKeyPem: string }
    | { kind: 'HS256'; secret: string }
    | { kind: 'none' },
): string {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(body)}`;
  switch (signer.kind) {
    case 'none':
      return `${signingInput}.`;
    case 'HS256':
      return `${signingInput}.${createHmac('sha256', signer.secret).update(signingInput).digest('base64url')}`;
    case 'EdDSA':
      return `${signingInput}.${sign(null, Buffer.from(signingInput), signer.privateKeyPem).toString('base64url')}`;
    case 'RS256':
      return `${signingInput}.${sign('sha256', Buffer.from(signingInput), signer.privateKeyPem).toString('base64url')}`;
    case 'ES256':
      return `${signingInput}.${sign('sha256', Buffer.from(signingInput), {
        key: signer.privateKeyPem,
        dsaEncoding: 'ieee-p1363',
      }).toString('base64url')}`;
  }
}
