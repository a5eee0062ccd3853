import { join, resolve } from 'node:path';

/**
 * The issuer of development operator tokens, signed with the PKI directory's operator token key.
 * Equal to `DEVELOPMENT_ISSUER` of @platform/operator-auth (its tests hold the two together).
 */
export const DEVELOPMENT_OPERATOR_TOKEN_ISSUER = 'platform-dev';

export const OPERATOR_TOKEN_KEY_FILE = 'operator-token.key';
// Not `*.pub`: space agents trust every `*.pub` of the directory they are given as a directive
// signing key, and the PKI directory is that directory in development. A token key must never
// be able to sign directives.
export const OPERATOR_TOKEN_PUBLIC_KEY_FILE = 'operator-token.pub.pem';
export const OPERATOR_ISSUERS_FILE = 'operator-issuers.yaml';

/** Where the development operator token key pair and the trusted-issuers file live. */
export interface OperatorTokenKeyPaths {
  /** Ed25519 private key (PKCS#8 PEM, mode 0600) that `platformctl auth token` signs with. */
  privateKeyPath: string;
  /** Its public key (SPKI PEM). */
  publicKeyPath: string;
  /** YAML listing the development issuer and its public key, for `loadTrustedIssuers`. */
  issuersFilePath: string;
}

/** The operator token files of a PKI directory (without checking that they exist). */
export function operatorTokenKeyPaths(dir: string): OperatorTokenKeyPaths {
  const root = resolve(dir);
  return {
    privateKeyPath: join(root, OPERATOR_TOKEN_KEY_FILE),
    publicKeyPath: join(root, OPERATOR_TOKEN_PUBLIC_KEY_FILE),
    issuersFilePath: join(root, OPERATOR_ISSUERS_FILE),
  };
}

/**
 * The trusted-issuers file a development control plane loads: the development issuer with the
 * directory's public key, named relative to the file so the directory can move.
 */
export function developmentIssuersYaml(): string {
  return [
    '# Written by the PKI tooling (npm start, pki init): the issuers of operator tokens that a',
    '# development control plane trusts. Development only: production lists its identity',
    "# provider's keys. Paths are relative to this file; list several keys to rotate one.",
    'issuers:',
    `  - issuer: ${DEVELOPMENT_OPERATOR_TOKEN_ISSUER}`,
    '    publicKeyFiles:',
    `      - ${OPERATOR_TOKEN_PUBLIC_KEY_FILE}`,
    '',
  ].join('\n');
}
