import { createTempDir, type TempDir } from '@platform/testing';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPlatformctl } from '../platformctl.program';

const exampleFleet = join(__dirname, '..', '..', '..', '..', '..', 'gitops');

async function platformctl(
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runPlatformctl(argv, '0.0.0-test', {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('platformctl gitops', () => {
  let work: TempDir;
  let dir: string;

  const edit = (path: string, change: (text: string) => string) =>
    writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@platform.invalid', ...args], {
      cwd: work.path,
    }).toString();

  beforeEach(() => {
    work = createTempDir('platformctl-gitops');
    dir = join(work.path, 'gitops');
    cpSync(exampleFleet, dir, { recursive: true });
  });

  afterEach(() => work.remove());

  it('passes the example fleet in the repository', async () => {
    const result = await platformctl('gitops', 'check', '--dir', exampleFleet);

    expect(result.stdout).toMatch(
      /^gitops check passed: 2 PoPs, 6 Spaces, 3 channels, 4 releases\n$/,
    );
    expect(result.code).toBe(0);
  });

  it('prints one line per problem with the path and the field, then a summary, and exits 1', async () => {
    edit('platform/spaces/acme.yaml', (text) =>
      text.replace('tier: performance-plus', 'tier: gold'),
    );

    const result = await platformctl('gitops', 'check', '--dir', dir);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^platform\/spaces\/acme\.yaml: spec\.tier: .*gold.*$/m);
    expect(result.stdout).toMatch(/^gitops check failed: \d+ problems? in \d+ files?$/m);
  });

  it('names a rendered file that drifted from a fresh render', async () => {
    edit('rendered/central/deployment-control-plane.yaml', (text) =>
      text.replace('replicas: 2', 'replicas: 5'),
    );

    const result = await platformctl('gitops', 'check', '--dir', dir);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^rendered\/central\/deployment-control-plane\.yaml: -: .+$/m);
  });

  it('renders what changed, and a second render changes nothing', async () => {
    edit('platform/spaces/globex.yaml', (text) =>
      text.replace('tier: performance', 'tier: performance-plus'),
    );

    const first = await platformctl('gitops', 'render', '--dir', dir);
    const second = await platformctl('gitops', 'render', '--dir', dir);

    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/: [1-9]\d* written/);
    expect(second.stdout).toMatch(/: 0 written, 0 removed/);
    expect((await platformctl('gitops', 'check', '--dir', dir)).code).toBe(0);
  });

  it('refuses to render a tree with problems and writes nothing', async () => {
    edit('platform/spaces/globex.yaml', (text) =>
      text.replace('timeZone: Europe/London', 'timeZone: Mars/Olympus'),
    );
    const before = readFileSync(
      join(dir, 'rendered/central/deployment-control-plane.yaml'),
      'utf8',
    );

    const result = await platformctl('gitops', 'render', '--dir', dir);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^platform\/spaces\/globex\.yaml: spec\.maintenanceWindow\.timeZone: .*Mars\/Olympus/m,
    );
    expect(readFileSync(join(dir, 'rendered/central/deployment-control-plane.yaml'), 'utf8')).toBe(
      before,
    );
  });

  describe('with --base', () => {
    beforeEach(() => {
      git('init', '--quiet', '--initial-branch=main');
      git('add', '-A');
      git('commit', '--quiet', '-m', 'fleet');
    });

    it('accepts a one-step release move with its re-render', async () => {
      edit('platform/spaces/globex.yaml', (text) =>
        text.replace('release: 2026.44.0', 'release: 2026.45.0'),
      );
      await platformctl('gitops', 'render', '--dir', dir);

      const result = await platformctl('gitops', 'check', '--dir', dir, '--base', 'HEAD');

      expect(result.stdout).toContain('release rules against HEAD');
      expect(result.code).toBe(0);
    });

    it('rejects a Space skipping a release, naming the field', async () => {
      edit('platform/spaces/globex.yaml', (text) =>
        text.replace('release: 2026.44.0', 'release: 2026.46.0'),
      );
      await platformctl('gitops', 'render', '--dir', dir);

      const result = await platformctl('gitops', 'check', '--dir', dir, '--base', 'HEAD');

      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^platform\/spaces\/globex\.yaml: spec\.release: .+$/m);
    });

    it('is a usage error when the base is not a commit', async () => {
      const result = await platformctl('gitops', 'check', '--dir', dir, '--base', 'no-such-ref');

      expect(result.code).toBe(2);
      expect(result.stderr).toBe('platformctl: --base no-such-ref: no such commit\n');
    });
  });

  it('is a usage error when the directory does not exist', async () => {
    const result = await platformctl('gitops', 'check', '--dir', join(work.path, 'nope'));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no such directory');
  });

  it('is a usage error for an unknown option', async () => {
    expect((await platformctl('gitops', 'check', '--colour')).code).toBe(2);
  });
});
