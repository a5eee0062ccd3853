import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import {
  OPERATOR_TOKEN_AUDIENCE,
  OperatorTokenVerifier,
  type OperatorIdentity,
} from '@platform/operator-auth';
import type { ExitStatus } from '../platformctl.program';
import { UsageError } from '../usage-error';
import { registerAuthCommands } from './auth.commands';

interface KeyFiles {
  privateKeyPath: string;
  publicKeyPem: string;
}

async function writeKey(
  dir: string,
  type: 'ed25519' | 'ec' | 'rsa',
  name = `${type}.key`,
): Promise<KeyFiles> {
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  const { publicKey, privateKey } =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding, privateKeyEncoding })
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding })
        : generateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding });
  const privateKeyPath = join(dir, name);
  await writeFile(privateKeyPath, privateKey, { mode: 0o600 });
  return { privateKeyPath, publicKeyPem: publicKey };
}

/** Runs `platformctl …` in-process with only the auth commands registered. */
async function platformctl(
  ...argv: string[]
): Promise<{ stdout: string; stderr: string; status: ExitStatus }> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => void (stdout += text),
    stderr: (text: string) => void (stderr += text),
  };
  const status: ExitStatus = { code: 0 };
  const program = new Command('platformctl')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerAuthCommands(program, io, status);
  await program.parseAsync(argv, { from: 'user' });
  return { stdout, stderr, status };
}

async function verify(
  token: string,
  publicKeyPem: string,
  issuer = 'platform-dev',
): Promise<OperatorIdentity> {
  const verifier = await OperatorTokenVerifier.create({
    issuers: [{ issuer, publicKeyPems: [publicKeyPem] }],
    audience: OPERATOR_TOKEN_AUDIENCE,
  });
  return verifier.verify(`Bearer ${token}`);
}

describe('platformctl auth token', () => {
  let dir: string;
  let edKey: KeyFiles;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'platformctl-auth-'));
    edKey = await writeKey(dir, 'ed25519');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('prints only a token that the control plane accepts for the asked role and subject', async () => {
    const run = await platformctl(
      'auth',
      'token',
      '--role',
      'customer-success',
      '--subject',
      'alice@example.com',
      '--key',
      edKey.privateKeyPath,
    );

    expect(run.status.code).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const identity = await verify(run.stdout.trim(), edKey.publicKeyPem);
    expect(identity).toMatchObject({
      subject: 'alice@example.com',
      role: 'customer-success',
      issuer: 'platform-dev',
    });
    expect(run.stderr).toMatch(/^development token for alice@example.com as customer-success/);
  });

  it('makes tokens valid for 8 hours by default and for --ttl when given', async () => {
    const before = Date.now();
    const defaults = await platformctl(
      'auth',
      'token',
      '--role',
      'viewer',
      '--key',
      edKey.privateKeyPath,
    );
    const short = await platformctl(
      'auth',
      'token',
      '--role',
      'viewer',
      '--ttl',
      '30m',
      '--key',
      edKey.privateKeyPath,
    );

    const lifetime = async (stdout: string) =>
      ((await verify(stdout.trim(), edKey.publicKeyPem)).expiresAt.getTime() - before) / 1000;
    expect(await lifetime(defaults.stdout)).toBeGreaterThan(8 * 3600 - 5);
    expect(await lifetime(defaults.stdout)).toBeLessThanOrEqual(8 * 3600 + 5);
    expect(await lifetime(short.stdout)).toBeGreaterThan(30 * 60 - 5);
    expect(await lifetime(short.stdout)).toBeLessThanOrEqual(30 * 60 + 5);
  });

  it('signs ES256 with a P-256 key and names another issuer with --issuer', async () => {
    const ecKey = await writeKey(dir, 'ec');

    const run = await platformctl(
      'auth',
      'token',
      '--role',
      'admin',
      '--issuer',
      'staging-dev',
      '--key',
      ecKey.privateKeyPath,
    );

    await expect(
      verify(run.stdout.trim(), ecKey.publicKeyPem, 'staging-dev'),
    ).resolves.toMatchObject({
      role: 'admin',
      issuer: 'staging-dev',
      subject: userInfo().username,
    });
  });

  it('uses .platform/pki/operator-token.key of the current directory by default', async () => {
    const workspace = join(dir, 'workspace');
    const pkiDir = join(workspace, '.platform', 'pki');
    await mkdir(pkiDir, { recursive: true });
    const key = await writeKey(pkiDir, 'ed25519', 'operator-token.key');
    jest.spyOn(process, 'cwd').mockReturnValue(workspace);

    const run = await platformctl('auth', 'token', '--role', 'operator');

    await expect(verify(run.stdout.trim(), key.publicKeyPem)).resolves.toMatchObject({
      role: 'operator',
    });
  });

  it.each([
    [
      'an unknown role',
      ['--role', 'root'],
      '--role: "root" is not a role (one of: admin, operator, customer-success, viewer)',
    ],
    [
      'a duration without unit',
      ['--role', 'viewer', '--ttl', '90'],
      /^--ttl: "90" is not a duration/,
    ],
    [
      'a duration of more than 7 days',
      ['--role', 'viewer', '--ttl', '8d'],
      /^--ttl: 8d is longer than/,
    ],
    ['an empty subject', ['--role', 'viewer', '--subject', ' '], /^--subject: must not be empty$/],
  ])('refuses %s in one line', async (_name, args, message) => {
    const attempt = platformctl('auth', 'token', ...args, '--key', edKey.privateKeyPath);

    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('says how to create the development key when the default key is missing', async () => {
    jest.spyOn(process, 'cwd').mockReturnValue(join(dir, 'empty'));

    await expect(platformctl('auth', 'token', '--role', 'viewer')).rejects.toThrow(
      /^--key: no development key at .*empty\/\.platform\/pki\/operator-token\.key; run npm start/,
    );
  });

  it('names a --key file that does not exist or is no usable key', async () => {
    const rsaKey = await writeKey(dir, 'rsa');

    await expect(
      platformctl('auth', 'token', '--role', 'viewer', '--key', join(dir, 'nope.key')),
    ).rejects.toThrow(/^--key: no such file .*nope\.key$/);
    await expect(
      platformctl('auth', 'token', '--role', 'viewer', '--key', rsaKey.privateKeyPath),
    ).rejects.toThrow(
      /^--key: .*rsa\.key is not usable: the key type is rsa, not Ed25519 or P-256$/,
    );
  });

  it('says plainly in its help that it is for development only', async () => {
    let help = '';
    const program = new Command('platformctl').exitOverride().configureOutput({
      writeOut: (text) => void (help += text),
      writeErr: (text) => void (help += text),
    });
    registerAuthCommands(
      program,
      { stdout: () => undefined, stderr: () => undefined },
      { code: 0 },
    );

    await expect(
      program.parseAsync(['auth', 'token', '--help'], { from: 'user' }),
    ).rejects.toThrow();

    expect(help.replace(/\s+/g, ' ')).toContain(
      'development only: mints a token from the local development key; production tokens come from your identity provider',
    );
    expect(help).toContain('--role <role>');
  });
});
