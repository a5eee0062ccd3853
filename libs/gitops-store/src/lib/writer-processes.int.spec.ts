import type { TempDir, TestGitRemote } from '@platform/testing';
import { createGitRemote, createTempDir, waitForExit, waitForOutput } from '@platform/testing';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommitResult } from './gitops-change';
import { GitopsStore } from './gitops.store';

const WRITERS = 20;
const repoRoot = join(__dirname, '..', '..', '..', '..');
const runTs = join(repoRoot, 'tools', 'bin', 'run-ts.cjs');
const worker = join(__dirname, '..', 'test', 'commit-worker.ts');

describe(`${GitopsStore.name} in writer processes`, () => {
  let remote: TestGitRemote;
  let temp: TempDir;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    remote = createGitRemote({ files: { 'gitops/README.md': '# desired state\n' } });
    temp = createTempDir('gitops-writers');
  });

  afterEach(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    remote.remove();
    temp.remove();
  });

  /** Starts a writer process; `output()` is everything it printed so far. */
  const startWriter = (workdir: string, name: string) => {
    const child = spawn(process.execPath, [runTs, worker, remote.url, workdir, name], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let printed = '';
    child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    children.push(child);
    return { child, output: () => printed };
  };

  it(`lands every commit of ${WRITERS} writers pushing at once, on a linear history`, async () => {
    const before = remote.git(['rev-parse', remote.branch], remote.url);
    const writers = Array.from({ length: WRITERS }, (_, n) =>
      startWriter(join(temp.path, `writer-${n}`), `w${n}`),
    );
    await Promise.all(writers.map(({ child }) => waitForOutput(child, /^ready$/m, 30_000)));

    for (const { child } of writers) child.stdin?.write('go\n');
    const exits = await Promise.all(writers.map(({ child }) => waitForExit(child)));

    expect(
      exits.map((code, n) => (code === 0 ? 0 : `w${n}: ${code} ${writers[n].output()}`)),
    ).toEqual(Array(WRITERS).fill(0));
    const results = writers.map(
      ({ output }) => JSON.parse(/^result (.*)$/m.exec(output())?.[1] ?? 'null') as CommitResult,
    );
    const history = remote.git(['rev-list', `${before}..${remote.branch}`], remote.url).split('\n');
    expect(history).toHaveLength(WRITERS);
    expect(new Set(results.map((result) => result.commit))).toEqual(new Set(history));
    expect(remote.git(['log', '--merges', '--format=%H', remote.branch], remote.url)).toBe('');
    expect(
      remote
        .git(['ls-tree', '-r', '--name-only', remote.branch, 'gitops/writers/'], remote.url)
        .split('\n'),
    ).toEqual(Array.from({ length: WRITERS }, (_, n) => `gitops/writers/w${n}.txt`).sort());
    // Every writer retried on top of the others instead of overwriting them: most lost a race.
    expect(results.reduce((sum, result) => sum + result.attempts, 0)).toBeGreaterThan(WRITERS);
  }, 60_000);

  it('discards what a crashed writer left in its workdir before committing', async () => {
    const workdir = join(temp.path, 'crashed');
    remote.git(['clone', '--quiet', remote.url, workdir], temp.path);
    writeFileSync(join(workdir, 'gitops/README.md'), 'half-written\n');
    mkdirSync(join(workdir, 'gitops/writers'));
    writeFileSync(join(workdir, 'gitops/writers/leftover.txt'), 'from the crash\n');
    writeFileSync(join(workdir, '.git/index.lock'), '');

    const writer = startWriter(workdir, 'restarted');
    await waitForOutput(writer.child, /^ready$/m, 30_000);
    writer.child.stdin?.write('go\n');

    expect(await waitForExit(writer.child)).toBe(0);
    const head = remote.git(['rev-parse', remote.branch], remote.url);
    expect(
      remote.git(['diff-tree', '--no-commit-id', '--name-status', '-r', head], remote.url),
    ).toBe('A\tgitops/writers/restarted.txt');
    expect(remote.git(['status', '--porcelain', '--untracked-files=all'], workdir)).toBe('');
  });
});
