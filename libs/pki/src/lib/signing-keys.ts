import { createHash, createPublicKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { InvalidArgumentError } from '@platform/errors';

const generateKeyPairAsync = promisify(generateKeyPair);

/** An Ed25519 key pair for signing directives, both PEM (SPKI and PKCS#8). */
export interface SigningKeyPair {
  /** Derived from the public key, see {@link signingKeyId}. */
  keyId: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

/** Generates an Ed25519 key pair for signing directives. */
export async function generateSigningKeyPair(): Promise<SigningKeyPair> {
  const { publicKey, privateKey } = await generateKeyPairAsync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { keyId: signingKeyId(publicKey), publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/**
 * The id of a directive signing key: `ed25519:` and the first 16 hex digits of the SHA-256 of
 * its SubjectPublicKeyInfo DER. Derived rather than assigned, so a verifier holding several
 * keys during a rotation picks the right one from the id in a signature, and two parties can
 * never disagree on which key an id means.
 *
 * @throws InvalidArgumentError unless `publicKeyPem` is an Ed25519 public key.
 */
export function signingKeyId(publicKeyPem: string): string {
  let spki: Buffer;
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new Error(`it is a ${key.asymmetricKeyType} key, not Ed25519`);
    }
    spki = key.export({ type: 'spki', format: 'der' });
  } catch (error) {
    throw new InvalidArgumentError(
      'publicKeyPem',
      `not an Ed25519 public key: ${(error as Error).message}`,
    );
  }
  return `ed25519:${createHash('sha256').update(spki).digest('hex').slice(0, 16)}`;
}
