import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '@platform/errors';
import {
  isOperatorRole,
  mintOperatorToken,
  OPERATOR_ROLES,
  OPERATOR_TOKEN_AUDIENCE,
} from '@platform/operator-auth';
import { operatorTokenKeyPaths } from '@platform/pki';
import { EXIT_OK, type CliIo } from '../cli-io';
import { UsageError } from '../usage-error';
import { parseTokenDuration } from './token-duration';

/** Where `npm start` keeps the development PKI, relative to the directory platformctl runs in. */
const DEVELOPMENT_PKI_DIR = '.platform/pki';

/** The options of `platformctl auth token`, as commander hands them over. */
export interface AuthTokenOptions {
  role: string;
  subject?: string;
  ttl: string;
  key?: string;
  issuer: string;
}

// mintOperatorToken names its own options; the user knows the command line's.
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  privateKeyPem: '--key',
  subject: '--subject',
  issuer: '--issuer',
  role: '--role',
  ttlSeconds: '--ttl',
};

/**
 * `platformctl auth token`: signs a development operator token with the local key and prints
 * only the token on stdout, so it can be captured with `$(…)`; a note for people goes to stderr.
 *
 * @throws UsageError (one line, exit code 2) for a bad role or ttl, or a key file that is missing
 *   or not an Ed25519/P-256 private key.
 */
export async function runAuthToken(options: AuthTokenOptions, io: CliIo): Promise<number> {
  if (!isOperatorRole(options.role)) {
    throw new UsageError(
      `--role: ${JSON.stringify(options.role)} is not a role (one of: ${OPERATOR_ROLES.join(', ')})`,
    );
  }
  const ttl = parseTokenDuration(options.ttl);
  if ('problem' in ttl) throw new UsageError(`--ttl: ${ttl.problem}`);

  const keyPath = resolve(
    options.key ??
      operatorTokenKeyPaths(resolve(process.cwd(), DEVELOPMENT_PKI_DIR)).privateKeyPath,
  );
  const privateKeyPem = await readKeyFile(keyPath, options.key === undefined);
  const subject = options.subject ?? localUserName();

  const now = new Date();
  let token: string;
  try {
    token = await mintOperatorToken({
      privateKeyPem,
      issuer: options.issuer,
      audience: OPERATOR_TOKEN_AUDIENCE,
      subject,
      role: options.role,
      ttlSeconds: ttl.seconds,
      now: () => now,
    });
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    const option = OPTION_OF_FIELD[error.field] ?? error.field;
    const problem = error.message.slice(error.field.length + 2);
    throw new UsageError(
      option === '--key' ? `--key: ${keyPath} is not usable: ${problem}` : `${option}: ${problem}`,
    );
  }

  io.stdout(`${token}\n`);
  const expires = new Date(now.getTime() + ttl.seconds * 1000).toISOString();
  io.stderr(
    `development token for ${subject} as ${options.role} from ${options.issuer}, valid until ${expires}\n`,
  );
  return EXIT_OK;
}

async function readKeyFile(path: string, isDefault: boolean): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UsageError(
        isDefault
          ? `--key: no development key at ${path}; run npm start (or npm run pki -- init) in the repository first, or pass --key <file>`
          : `--key: no such file ${path}`,
      );
    }
    throw new UsageError(`--key: cannot read ${path}: ${code ?? (error as Error).message}`);
  }
}

function localUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // Containers may run as a uid without a passwd entry.
    return 'developer';
  }
}
