import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigFileError } from './config-file.error';
import type { PlatformctlConfig } from './platformctl-config';
import { errorCode } from './error-code';

export const TOKEN_VARIABLE = 'PLATFORMCTL_TOKEN';

/** What platformctl presents to a server: its mTLS client certificate and, if any, a bearer token. */
export interface OperatorCredentials {
  tls: { ca: Buffer; cert: Buffer; key: Buffer };
  token?: string;
}

/**
 * Reads the certificate files and picks the token: `--token`, else `$PLATFORMCTL_TOKEN`, else the
 * configuration's `token`, else the contents of its `tokenFile`. No token at all is allowed; the
 * server answers UNAUTHENTICATED where it needs one.
 */
export function loadOperatorCredentials(
  config: PlatformctlConfig,
  overrides: { tokenFlag?: string; variables: Readonly<Record<string, string | undefined>> },
): OperatorCredentials {
  const read = (field: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new ConfigFileError(config.file, field, `cannot read ${path} (${errorCode(error)})`);
    }
  };
  // Checked here so a wrong file is named, rather than surfacing as an OpenSSL error from grpc-js.
  const pem = (field: string, path: string, kind: string, parse: (bytes: Buffer) => unknown) => {
    const bytes = read(field, path);
    try {
      parse(bytes);
    } catch {
      throw new ConfigFileError(config.file, field, `${path} is not a PEM ${kind}`);
    }
    return bytes;
  };
  const certificate = (bytes: Buffer) => new X509Certificate(bytes);
  const tls = {
    ca: pem('tls.ca', config.tls.ca, 'certificate', certificate),
    cert: pem('tls.cert', config.tls.cert, 'certificate', certificate),
    key: pem('tls.key', config.tls.key, 'private key', createPrivateKey),
  };
  const token =
    overrides.tokenFlag ||
    overrides.variables[TOKEN_VARIABLE] ||
    config.token ||
    (config.tokenFile ? read('tokenFile', config.tokenFile).toString('utf8').trim() : undefined);
  if (config.tokenFile && token === '') {
    throw new ConfigFileError(config.file, 'tokenFile', `${config.tokenFile} is empty`);
  }
  return token ? { tls, token } : { tls };
}
