import {
  createPrivateKey,
  generateKeyPair,
  type KeyObject,
  type webcrypto as WebCrypto,
} from 'node:crypto';
import { promisify } from 'node:util';
import { InvalidArgumentError } from '@platform/errors';
import { webcrypto } from './x509';

const generateKeyPairAsync = promisify(generateKeyPair);
const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A P-256 key pair in the forms the certificate code needs. */
export interface EcdsaKeyPair {
  /** PKCS#8 PEM, the form written to disk. */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo DER, the form that goes into a certificate. */
  publicKeySpki: Buffer;
  /** The private key as WebCrypto needs it to sign with @peculiar/x509. */
  signingKey: WebCrypto.CryptoKey;
}

/** Generates an ECDSA P-256 key pair. */
export async function generateEcdsaKeyPair(): Promise<EcdsaKeyPair> {
  const { privateKey, publicKey } = await generateKeyPairAsync('ec', { namedCurve: 'P-256' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
    signingKey: await toSigningKey(privateKey),
  };
}

/**
 * Loads a PEM private key (PKCS#8 or SEC1) for signing certificates.
 *
 * @throws InvalidArgumentError unless it is an ECDSA P-256 key, the only kind this CA signs with.
 */
export async function importEcdsaSigningKey(
  privateKeyPem: string,
  field: string,
): Promise<WebCrypto.CryptoKey> {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new InvalidArgumentError(
      field,
      `cannot read the private key: ${(error as Error).message}`,
    );
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new InvalidArgumentError(field, 'the CA key must be an ECDSA P-256 key');
  }
  return toSigningKey(key);
}

function toSigningKey(privateKey: KeyObject): Promise<WebCrypto.CryptoKey> {
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  // Not extractable: once imported for signing, the key never needs to leave WebCrypto again.
  return webcrypto.subtle.importKey('pkcs8', pkcs8, P256, false, ['sign']);
}
