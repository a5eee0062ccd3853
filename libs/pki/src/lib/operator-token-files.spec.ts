import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import {
  DEVELOPMENT_OPERATOR_TOKEN_ISSUER,
  ensurePkiDirectory,
  loadPkiPaths,
  type WorkloadIdentity,
} from '../index';

const trustDomain = 'platform.local';
const operator: WorkloadIdentity = { trustDomain, tier: 'operator', name: 'dev' };

describe('operator token files of a PKI directory', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pki-operator-token-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates an Ed25519 token key readable by the owner only, with its public key', async () => {
    const pki = await ensurePkiDirectory(dir, { trustDomain, identities: [] });
    const privateKeyPem = await readFile(pki.operatorToken.privateKeyPath, 'utf8');
    const publicKeyPem = await readFile(pki.operatorToken.publicKeyPath, 'utf8');

    expect((await stat(pki.operatorToken.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect(createPrivateKey(privateKeyPem).asymmetricKeyType).toBe('ed25519');
    expect(createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' })).toBe(
      publicKeyPem,
    );
  });

  it('writes an issuers file trusting the development issuer with that public key', async () => {
    const pki = await ensurePkiDirectory(dir, { trustDomain, identities: [] });

    const issuers = parse(await readFile(pki.operatorToken.issuersFilePath, 'utf8')) as {
      issuers: Array<{ issuer: string; publicKeyFiles: string[] }>;
    };

    expect(issuers.issuers).toEqual([
      { issuer: DEVELOPMENT_OPERATOR_TOKEN_ISSUER, publicKeyFiles: ['operator-token.pub.pem'] },
    ]);
    expect(resolve(dirname(pki.operatorToken.issuersFilePath), 'operator-token.pub.pem')).toBe(
      pki.operatorToken.publicKeyPath,
    );
  });

  it('keeps the token key out of the *.pub files that agents trust as directive keys', async () => {
    await ensurePkiDirectory(dir, { trustDomain, identities: [] });

    expect((await readdir(dir)).filter((name) => name.endsWith('.pub'))).toEqual([
      'directive-signing.pub',
    ]);
  });

  it('keeps the key and an edited issuers file on a second call', async () => {
    const first = await ensurePkiDirectory(dir, { trustDomain, identities: [] });
    const key = await readFile(first.operatorToken.privateKeyPath, 'utf8');
    const edited = `${await readFile(first.operatorToken.issuersFilePath, 'utf8')}  - issuer: https://sso.example.com\n    publicKeyFiles: [sso.pem]\n`;
    await writeFile(first.operatorToken.issuersFilePath, edited);

    const again = await ensurePkiDirectory(dir, { trustDomain, identities: [] });

    expect(again.changes).toEqual([]);
    expect(await readFile(again.operatorToken.privateKeyPath, 'utf8')).toBe(key);
    expect(await readFile(again.operatorToken.issuersFilePath, 'utf8')).toBe(edited);
  });

  it('adds the token files to a directory made before they existed', async () => {
    const first = await ensurePkiDirectory(dir, { trustDomain, identities: [operator] });
    for (const path of Object.values(first.operatorToken)) await unlink(path);

    const pki = await ensurePkiDirectory(dir, { trustDomain, identities: [operator] });

    expect(pki.changes.map(({ path, action }) => [path, action])).toEqual([
      [join(dir, 'operator-token.key'), 'created'],
      [join(dir, 'operator-token.pub.pem'), 'created'],
      [join(dir, 'operator-issuers.yaml'), 'created'],
    ]);
  });

  it('refuses to replace a token key whose public half may already be trusted', async () => {
    const first = await ensurePkiDirectory(dir, { trustDomain, identities: [] });
    await unlink(first.operatorToken.privateKeyPath);

    await expect(ensurePkiDirectory(dir, { trustDomain, identities: [] })).rejects.toThrow(
      /operator-token.key is missing but .*operator-token.pub.pem exists/,
    );
  });

  it('restores a missing token public key from the private key', async () => {
    const first = await ensurePkiDirectory(dir, { trustDomain, identities: [] });
    const publicKeyPem = await readFile(first.operatorToken.publicKeyPath, 'utf8');
    await unlink(first.operatorToken.publicKeyPath);

    await ensurePkiDirectory(dir, { trustDomain, identities: [] });

    expect(await readFile(first.operatorToken.publicKeyPath, 'utf8')).toBe(publicKeyPem);
  });

  it('makes loadPkiPaths name a missing token key', async () => {
    const first = await ensurePkiDirectory(dir, { trustDomain, identities: [operator] });
    await unlink(first.operatorToken.privateKeyPath);

    expect(() => loadPkiPaths(dir, operator)).toThrow(/missing .*operator-token\.key; /);
  });
});
