import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FailedPreconditionError } from '@platform/errors';
import { DEVELOPMENT_OPERATOR_TOKEN_ISSUER, ensurePkiDirectory } from '@platform/pki';
import {
  DEVELOPMENT_ISSUER,
  loadTrustedIssuers,
  mintOperatorToken,
  OPERATOR_TOKEN_AUDIENCE,
  OperatorTokenVerifier,
} from '../index';
import { ecKeyPair, ed25519KeyPair } from '../test/token-keys.fixture';

describe(loadTrustedIssuers.name, () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'operator-issuers-'));
    file = join(dir, 'operator-issuers.yaml');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads each issuer's keys from files relative to the file's folder", async () => {
    const devKey = ed25519KeyPair();
    const [ssoOld, ssoNew] = [ecKeyPair(), ed25519KeyPair()];
    await mkdir(join(dir, 'sso'));
    await writeFile(join(dir, 'dev.pub'), devKey.publicKeyPem);
    await writeFile(join(dir, 'sso', 'old.pub'), ssoOld.publicKeyPem);
    await writeFile(join(dir, 'sso', 'new.pub'), ssoNew.publicKeyPem);
    await writeFile(
      file,
      [
        '# who may issue operator tokens',
        'issuers:',
        '  - issuer: platform-dev',
        '    publicKeyFiles: [dev.pub]',
        '  - issuer: https://sso.example.com',
        '    publicKeyFiles:',
        '      - sso/old.pub',
        '      - sso/new.pub',
        '',
      ].join('\n'),
    );

    const issuers = await loadTrustedIssuers(file);

    expect(issuers).toEqual([
      { issuer: 'platform-dev', publicKeyPems: [devKey.publicKeyPem] },
      {
        issuer: 'https://sso.example.com',
        publicKeyPems: [ssoOld.publicKeyPem, ssoNew.publicKeyPem],
      },
    ]);
  });

  it('feeds a verifier that accepts tokens of the listed issuer', async () => {
    const devKey = ed25519KeyPair();
    await writeFile(join(dir, 'dev.pub'), devKey.publicKeyPem);
    await writeFile(file, 'issuers:\n  - issuer: platform-dev\n    publicKeyFiles: [dev.pub]\n');
    const verifier = await OperatorTokenVerifier.create({
      issuers: await loadTrustedIssuers(file),
      audience: OPERATOR_TOKEN_AUDIENCE,
    });
    const token = await mintOperatorToken({
      privateKeyPem: devKey.privateKeyPem,
      issuer: 'platform-dev',
      audience: OPERATOR_TOKEN_AUDIENCE,
      subject: 'dev',
      role: 'viewer',
      ttlSeconds: 60,
    });

    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ role: 'viewer' });
  });

  it("trusts tokens minted with a PKI directory's development key, as npm start sets it up", async () => {
    const pki = await ensurePkiDirectory(join(dir, 'pki'), {
      trustDomain: 'platform.local',
      identities: [],
    });
    const verifier = await OperatorTokenVerifier.create({
      issuers: await loadTrustedIssuers(pki.operatorToken.issuersFilePath),
      audience: OPERATOR_TOKEN_AUDIENCE,
    });
    const token = await mintOperatorToken({
      privateKeyPem: await readFile(pki.operatorToken.privateKeyPath, 'utf8'),
      issuer: DEVELOPMENT_ISSUER,
      audience: OPERATOR_TOKEN_AUDIENCE,
      subject: 'dev',
      role: 'admin',
      ttlSeconds: 60,
    });

    expect(DEVELOPMENT_OPERATOR_TOKEN_ISSUER).toBe(DEVELOPMENT_ISSUER);
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({
      issuer: 'platform-dev',
      role: 'admin',
    });
  });

  it.each([
    ['no issuers list', 'issuers: []\n', /: issuers: list at least one issuer$/],
    [
      'an unknown field',
      'issuers:\n  - issuer: a\n    publicKeyFiles: [x.pub]\n    keys: []\n',
      /: issuers\[0\]: Unrecognized key: "keys"$/,
    ],
    [
      'an issuer without name',
      'issuers:\n  - issuer: ""\n    publicKeyFiles: [a.pub]\n',
      /: issuers\[0\]\.issuer: must not be empty$/,
    ],
    [
      'an issuer without key files',
      'issuers:\n  - issuer: platform-dev\n    publicKeyFiles: []\n',
      /: issuers\[0\]\.publicKeyFiles: list at least one public key file$/,
    ],
    [
      'a key file that does not exist',
      'issuers:\n  - issuer: platform-dev\n    publicKeyFiles: [missing.pub]\n',
      /: issuers\[0\]\.publicKeyFiles\[0\]: cannot read .*missing\.pub: no such file$/,
    ],
    [
      'an issuer listed twice',
      'issuers:\n  - issuer: a\n    publicKeyFiles: [x.pub]\n  - issuer: a\n    publicKeyFiles: [x.pub]\n',
      /: issuers\[1\]\.issuer: "a" is listed twice/,
    ],
    ['text that is not YAML', 'issuers: [unclosed\n', /: \(file\): not valid YAML: /],
  ])('refuses %s, naming the file and the field', async (_name, yaml, message) => {
    await writeFile(join(dir, 'x.pub'), ed25519KeyPair().publicKeyPem);
    await writeFile(file, yaml);

    const attempt = loadTrustedIssuers(file);

    await expect(attempt).rejects.toThrow(FailedPreconditionError);
    await expect(attempt).rejects.toThrow(file);
    await expect(attempt).rejects.toThrow(message);
  });

  it('says so when the file itself is missing', async () => {
    await expect(loadTrustedIssuers(join(dir, 'nope.yaml'))).rejects.toThrow(
      /nope\.yaml: \(file\): cannot read .*nope\.yaml: no such file/,
    );
  });
});
