import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, importPKCS8, importSPKI, type CryptoKey } from 'jose';

/** The only signature algorithms operator tokens may use. */
export const OPERATOR_TOKEN_ALGORITHMS = ['EdDSA', 'ES256'] as const;

export type OperatorTokenAlgorithm = (typeof OPERATOR_TOKEN_ALGORITHMS)[number];

/** A key ready for jose, with the algorithm its type implies and its RFC 7638 thumbprint. */
export interface TokenKey {
  key: CryptoKey;
  algorithm: OperatorTokenAlgorithm;
  /** The JWK thumbprint of the public key: what a token's `kid` names. */
  keyId: string;
}

/**
 * Imports a public key (SPKI PEM) for verifying tokens.
 *
 * @throws Error saying what the key is instead, when it is not an Ed25519 or P-256 public key
 *   (private keys are refused too, so a secret never ends up in a list of trusted keys).
 */
export async function importTokenPublicKey(pem: string): Promise<TokenKey> {
  if (pem.includes('PRIVATE KEY')) {
    throw new Error('it is a private key; configure the public key');
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPublicKey(pem);
  } catch (error) {
    throw new Error(`it is not a PEM public key (${(error as Error).message})`);
  }
  const algorithm = algorithmOf(keyObject);
  const spki = keyObject.export({ type: 'spki', format: 'pem' }).toString();
  const key = await importSPKI(spki, algorithm, { extractable: true });
  return { key, algorithm, keyId: await calculateJwkThumbprint(await exportJWK(key)) };
}

/**
 * Imports a private key (PKCS#8 or SEC1 PEM) for signing tokens; its `keyId` is that of its
 * public half, so verifiers find the matching public key by `kid`.
 *
 * @throws Error saying what the key is instead, when it is not an Ed25519 or P-256 private key.
 */
export async function importTokenPrivateKey(pem: string): Promise<TokenKey> {
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`it is not a PEM private key (${(error as Error).message})`);
  }
  const algorithm = algorithmOf(keyObject);
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = await importPKCS8(pkcs8, algorithm);
  const publicKey = await importTokenPublicKey(
    createPublicKey(keyObject).export({ type: 'spki', format: 'pem' }).toString(),
  );
  return { key, algorithm, keyId: publicKey.keyId };
}

function algorithmOf(key: KeyObject): OperatorTokenAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return 'ES256';
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const type = curve ? `${key.asymmetricKeyType} ${curve}` : key.asymmetricKeyType;
  throw new Error(`the key type is ${type}, not Ed25519 or P-256`);
}
