import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpiffeIdFromSubjectAltName, signingKeyId } from '@platform/pki';
import { buildPkiProgram, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runPki } from './pki.program';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function pki(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runPki(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe(runPki.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'pki-cli-')), 'pki');
  });

  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('init creates a CA, valid workload certificates and the directive signing keys', async () => {
    const run = await pki(
      'init',
      '--dir',
      dir,
      '--trust-domain',
      'platform.local',
      '--identity',
      'spiffe://platform.local/central/control-plane',
      '--identity',
      'spiffe://platform.local/pop/aws-us-east-1/pop-relay',
    );

    expect(run).toMatchObject({ code: EXIT_OK, stderr: '' });
    expect(run.stdout).toContain(`created  ${join(dir, 'ca.crt')}`);
    expect((await readdir(dir)).sort()).toEqual([
      'ca.crt',
      'ca.key',
      'central-control-plane.crt',
      'central-control-plane.key',
      'directive-signing.key',
      'directive-signing.pub',
      'operator-issuers.yaml',
      'operator-token.key',
      'operator-token.pub.pem',
      'pop-aws-us-east-1-pop-relay.crt',
      'pop-aws-us-east-1-pop-relay.key',
    ]);
    const ca = new X509Certificate(await readFile(join(dir, 'ca.crt')));
    const relay = new X509Certificate(await readFile(join(dir, 'pop-aws-us-east-1-pop-relay.crt')));
    expect(relay.verify(ca.publicKey)).toBe(true);
    expect(
      parseSpiffeIdFromSubjectAltName(relay.subjectAltName, { trustDomain: 'platform.local' }),
    ).toMatchObject({
      tier: 'pop',
      pop: 'aws-us-east-1',
      service: 'pop-relay',
    });
    expect(signingKeyId(await readFile(join(dir, 'directive-signing.pub'), 'utf8'))).toMatch(
      /^ed25519:/,
    );
    expect((await stat(join(dir, 'ca.key'))).mode & 0o777).toBe(0o600);
  });

  it('init without --identity issues only the operator/dev certificate', async () => {
    await pki('init', '--dir', dir, '--trust-domain', 'platform.local');

    expect((await readdir(dir)).filter((name) => name.endsWith('.crt')).sort()).toEqual([
      'ca.crt',
      'operator-dev.crt',
    ]);
  });

  it('a second init creates nothing and says so', async () => {
    const args = ['init', '--dir', dir, '--trust-domain', 'platform.local'];
    await pki(...args);
    const before = await modificationTimes(dir);

    const again = await pki(...args);

    expect(again.code).toBe(EXIT_OK);
    expect(again.stdout).not.toContain('created');
    expect(again.stdout).toContain('nothing to do');
    expect(await modificationTimes(dir)).toEqual(before);
  });

  it('issue adds a certificate in the trust domain of the existing CA', async () => {
    await pki('init', '--dir', dir, '--trust-domain', 'platform.local');

    const run = await pki(
      'issue',
      '--dir',
      dir,
      '--identity',
      'spiffe://platform.local/space/acme/space-agent',
    );

    expect(run.code).toBe(EXIT_OK);
    expect(run.stdout.trim().split('\n').slice(0, -1)).toEqual([
      `created  ${join(dir, 'space-acme-space-agent.key')}`,
      `created  ${join(dir, 'space-acme-space-agent.crt')}`,
    ]);
  });

  it('exits 1 with one line on stderr when the operation fails', async () => {
    const run = await pki(
      'issue',
      '--dir',
      dir,
      '--identity',
      'spiffe://platform.local/space/acme/space-agent',
    );

    expect(run.code).toBe(EXIT_FAILURE);
    expect(run.stderr).toMatch(
      /^pki: .*ca\.crt does not exist; create the PKI directory first \(pki init\)\n$/,
    );
  });

  it.each([
    [
      'a missing required option',
      ['init', '--dir', 'x'],
      /required option '--trust-domain <domain>'/,
    ],
    ['an unknown command', ['renew'], /unknown command 'renew'/],
    [
      'an invalid trust domain',
      ['init', '--dir', 'x', '--trust-domain', 'Platform'],
      /not a SPIFFE trust domain/,
    ],
    [
      'an identity of another trust domain',
      [
        'init',
        '--dir',
        'x',
        '--trust-domain',
        'platform.local',
        '--identity',
        'spiffe://evil.example/operator/dev',
      ],
      /--identity: .*belongs to trust domain "evil.example"/,
    ],
  ])('exits 2 on %s, without touching the disk', async (_case, argv, message) => {
    const run = await pki(...argv.map((arg) => (arg === 'x' ? dir : arg)));

    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
  });

  it('exits 0 on --help', async () => {
    const run = await pki('init', '--help');

    expect(run.code).toBe(EXIT_OK);
    expect(run.stdout).toContain('default: spiffe://<trust-domain>/operator/dev only');
  });
});

describe(buildPkiProgram.name, () => {
  it('offers the init and issue commands', () => {
    expect(buildPkiProgram().commands.map((command) => command.name())).toEqual(['init', 'issue']);
  });
});

async function modificationTimes(dir: string): Promise<Record<string, number>> {
  const times: Record<string, number> = {};
  for (const name of await readdir(dir)) times[name] = (await stat(join(dir, name))).mtimeMs;
  return times;
}
