import {
  DEVELOPMENT_ISSUER,
  OPERATOR_TOKEN_AUDIENCE,
  mintOperatorToken,
} from '@platform/operator-auth';
import type { PkiPaths } from '@platform/pki';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

/** A random development secret in `<state>/<name>`, made once and kept across restarts. */
export function readOrCreateSecret(stateDir: string, name: string): string {
  const file = join(stateDir, name);
  if (!existsSync(file))
    writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * A development admin token for platformctl and the demo, signed with the development operator
 * key of the state's PKI (trusted by the local Central only), fresh for a week at every start.
 */
export async function writeOperatorToken(file: string, operator: PkiPaths): Promise<void> {
  const token = await mintOperatorToken({
    privateKeyPem: readFileSync(operator.operatorTokenKeyPath, 'utf8'),
    issuer: DEVELOPMENT_ISSUER,
    audience: OPERATOR_TOKEN_AUDIENCE,
    subject: `${userInfo().username}@localhost`,
    role: 'admin',
    ttlSeconds: 7 * 24 * 3600,
  });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
}
