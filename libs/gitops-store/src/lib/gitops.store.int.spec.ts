import {
  AlreadyExistsError,
  ConflictError,
  InvalidArgumentError,
  UnavailableError,
} from '@platform/errors';
import type { TempDir, TestGitRemote } from '@platform/testing';
import { createGitRemote, createTempDir } from '@platform/testing';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitopsChange } from './gitops-change';
import type { GitopsStoreOptions } from './gitops-store.options';
import { GitopsStore } from './gitops.store';

describe(GitopsStore.name, () => {
  let remote: TestGitRemote;
  let temp: TempDir;
  let clones = 0;

  beforeEach(() => {
    remote = createGitRemote({
      files: {
        'README.md': '# gitops\n',
        'gitops/platform/pops/aws-us-east-1.yaml': 'kind: Pop\n',
        'gitops/spaces/acme/deployment-api.yaml': 'kind: Deployment\n',
        'gitops/spaces/acme/service-api.yaml': 'kind: Service\n',
        'gitops/spaces/acme/config/configmap-api.yaml': 'kind: ConfigMap\n',
        'gitops/spaces/beta/deployment-api.yaml': 'kind: Deployment\n',
      },
    });
    temp = createTempDir('gitops-store');
  });

  afterEach(() => {
    remote.remove();
    temp.remove();
  });

  const newStore = (options: Partial<GitopsStoreOptions> = {}) => {
    clones += 1;
    return new GitopsStore({
      remoteUrl: remote.url,
      branch: remote.branch,
      subdirectory: 'gitops',
      workdir: join(temp.path, `clone-${clones}`),
      author: { name: 'Control Plane', email: 'control-plane@platform.invalid' },
      backoff: { baseMs: 1, maxMs: 5 },
      ...options,
    });
  };
  const workdirOf = () => join(temp.path, `clone-${clones}`);
  /** git in the bare remote, which is what every reader of the gitops repository sees. */
  const onRemote = (args: readonly string[]) => remote.git(args, remote.url);
  const remoteHead = () => onRemote(['rev-parse', remote.branch]);
  const changedFiles = (commit: string) =>
    onRemote(['diff-tree', '--no-commit-id', '--name-status', '-r', commit]).split('\n');
  /** Another writer: a separate clone that commits and pushes. */
  const anotherWriter = () => {
    const path = remote.cloneAgain();
    return (files: Record<string, string>, message: string) => {
      remote.git(['pull', '--quiet', '--ff-only'], path);
      for (const [file, text] of Object.entries(files)) writeFileSync(join(path, file), text);
      remote.git(['add', '--all'], path);
      remote.git(['commit', '--quiet', '-m', message], path);
      remote.git(['push', '--quiet', 'origin', remote.branch], path);
      return remote.git(['rev-parse', 'HEAD'], path);
    };
  };
  const change = (overrides: Partial<GitopsChange>): GitopsChange => ({
    operation: 'space.create',
    actor: 'spiffe://platform.local/central/control-plane',
    requestId: 'request-1',
    message: 'Create Space gamma',
    apply: () => new Map(),
    ...overrides,
  });
  const expectCleanClone = (head: string) => {
    expect(remote.git(['status', '--porcelain', '--untracked-files=all'], workdirOf())).toBe('');
    expect(remote.git(['rev-parse', 'HEAD'], workdirOf())).toBe(head);
  };

  it('pushes one commit with the trailers that holds only the files that changed', async () => {
    const store = newStore();

    const result = await store.commit(
      change({
        requestId: 'request-create-gamma',
        trailers: [['Platform-Spaces-Created', '1']],
        apply: () =>
          new Map([
            ['spaces/gamma/deployment-api.yaml', 'kind: Deployment\n'],
            ['platform/pops/aws-us-east-1.yaml', 'kind: Pop\n'],
          ]),
      }),
    );

    expect(result).toEqual({ commit: remoteHead(), changed: true, attempts: 1 });
    expect(onRemote(['log', '-1', '--format=%(trailers:only,unfold)', result.commit])).toBe(
      [
        'Platform-Operation: space.create',
        'Platform-Actor: spiffe://platform.local/central/control-plane',
        'Platform-Request-Id: request-create-gamma',
        'Platform-Spaces-Created: 1',
      ].join('\n'),
    );
    expect(onRemote(['log', '-1', '--format=%s|%an <%ae>', result.commit])).toBe(
      'Create Space gamma|Control Plane <control-plane@platform.invalid>',
    );
    expect(changedFiles(result.commit)).toEqual(['A\tgitops/spaces/gamma/deployment-api.yaml']);
    expect(onRemote(['show', `${result.commit}:gitops/spaces/gamma/deployment-api.yaml`])).toBe(
      'kind: Deployment',
    );
    expectCleanClone(result.commit);
  });

  it('pushes a change to a new branch on top of the store branch, leaving that branch and the clone alone', async () => {
    const store = newStore();
    const main = remoteHead();
    const train = (requestId: string) =>
      change({
        operation: 'train.run',
        requestId,
        message: 'Weekly train',
        trailers: [['Platform-Channels-Moved', '2']],
        apply: () =>
          new Map([
            ['platform/pops/aws-us-east-1.yaml', 'kind: Pop\nrelease: r2\n'],
            ['spaces/gamma/deployment-api.yaml', 'kind: Deployment\n'],
          ]),
      });

    const result = await store.commitToBranch(train('train-1'), 'train/2026-11-23');
    const retry = await store.commitToBranch(train('train-1'), 'train/2026-11-23');
    const other = store.commitToBranch(train('train-2'), 'train/2026-11-23');

    expect(result).toEqual({
      commit: onRemote(['rev-parse', 'train/2026-11-23']),
      branch: 'train/2026-11-23',
      changed: true,
      created: true,
    });
    expect(onRemote(['rev-parse', `${result.commit}^`])).toBe(main);
    expect(changedFiles(result.commit).sort()).toEqual([
      'A\tgitops/spaces/gamma/deployment-api.yaml',
      'M\tgitops/platform/pops/aws-us-east-1.yaml',
    ]);
    expect(
      onRemote(['log', '-1', '--format=%(trailers:key=Platform-Channels-Moved)', result.commit]),
    ).toBe('Platform-Channels-Moved: 2');
    expect(retry).toEqual({ ...result, created: false });
    await expect(other).rejects.toThrow(AlreadyExistsError);
    await expect(other).rejects.toThrow(
      /branch "train\/2026-11-23" already exists .*not request train-2/,
    );
    expect(remoteHead()).toBe(main);
    expectCleanClone(main);
    expect(await store.readFile('spaces/gamma/deployment-api.yaml')).toBeUndefined();
    // The clone still commits to its own branch, on the head it had.
    const next = await store.commit(change({ apply: () => new Map([['a.yaml', 'a\n']]) }));
    expect(onRemote(['rev-parse', `${next.commit}^`])).toBe(main);
  });

  it('pushes no branch when the change asks for what the tree holds, and refuses its own branch', async () => {
    const store = newStore();
    const main = remoteHead();

    const unchanged = await store.commitToBranch(
      change({ apply: () => new Map([['platform/pops/aws-us-east-1.yaml', 'kind: Pop\n']]) }),
      'train/2026-11-30',
    );

    expect(unchanged).toEqual({
      commit: main,
      branch: 'train/2026-11-30',
      changed: false,
      created: false,
    });
    expect(onRemote(['branch', '--list', 'train/*'])).toBe('');
    await expect(store.commitToBranch(change({}), remote.branch)).rejects.toThrow(
      /^branch: must not be the store's own branch/,
    );
    await expect(store.commitToBranch(change({}), '-delete')).rejects.toThrow(InvalidArgumentError);
  });

  it('deletes a folder with everything under it', async () => {
    const store = newStore();

    const result = await store.commit(change({ apply: () => new Map([['spaces/acme/', null]]) }));

    expect(changedFiles(result.commit).sort()).toEqual([
      'D\tgitops/spaces/acme/config/configmap-api.yaml',
      'D\tgitops/spaces/acme/deployment-api.yaml',
      'D\tgitops/spaces/acme/service-api.yaml',
    ]);
    expect(await store.listFiles('spaces')).toEqual(['spaces/beta/deployment-api.yaml']);
    expect(existsSync(join(workdirOf(), 'gitops/spaces/acme'))).toBe(false);
    expectCleanClone(result.commit);
  });

  it('drops a folder and renders it again in one change, committing only the difference', async () => {
    const store = newStore();

    const result = await store.commit(
      change({
        apply: () =>
          new Map([
            ['spaces/acme/', null],
            ['spaces/acme/deployment-api.yaml', 'kind: Deployment\n'],
            ['spaces/acme/service-api.yaml', 'kind: Service\nspec: {}\n'],
          ]),
      }),
    );

    expect(changedFiles(result.commit).sort()).toEqual([
      'D\tgitops/spaces/acme/config/configmap-api.yaml',
      'M\tgitops/spaces/acme/service-api.yaml',
    ]);
    expectCleanClone(result.commit);
  });

  it('makes no commit when apply asks for what the tree already holds', async () => {
    const store = newStore();
    const before = remoteHead();

    const result = await store.commit(
      change({
        apply: () =>
          new Map([
            ['platform/pops/aws-us-east-1.yaml', 'kind: Pop\n'],
            ['spaces/never-existed.yaml', null],
            ['spaces/never-existed/', null],
          ]),
      }),
    );

    expect(result).toEqual({ commit: before, changed: false, attempts: 1 });
    expect(remoteHead()).toBe(before);
    expectCleanClone(before);
  });

  it('applies the change again on the new head when another writer pushed first', async () => {
    const store = newStore();
    const writer = anotherWriter();
    let otherCommit = '';
    let calls = 0;

    const result = await store.commit(
      change({
        apply: async (tree) => {
          calls += 1;
          if (calls === 1) {
            otherCommit = writer({ 'gitops/spaces/other.yaml': 'kind: Other\n' }, 'Another writer');
          }
          const seen = await tree.listFiles('spaces');
          return new Map([['spaces/index.txt', `${seen.join('\n')}\n`]]);
        },
      }),
    );

    expect(calls).toBe(2);
    expect(result.attempts).toBe(2);
    expect(result.commit).toBe(remoteHead());
    expect(onRemote(['rev-parse', `${result.commit}^`])).toBe(otherCommit);
    expect(onRemote(['log', '--merges', '--format=%H', remote.branch])).toBe('');
    expect(onRemote(['show', `${result.commit}:gitops/spaces/index.txt`])).toContain(
      'spaces/other.yaml',
    );
    expect(onRemote(['show', `${result.commit}:gitops/spaces/other.yaml`])).toBe('kind: Other');
  });

  it('passes on what apply throws when it runs again on the new head', async () => {
    const store = newStore();
    const writer = anotherWriter();
    const alreadyExists = new ConflictError('space "gamma" already exists');
    let calls = 0;

    const commit = store.commit(
      change({
        apply: () => {
          calls += 1;
          if (calls === 2) throw alreadyExists;
          writer({ 'gitops/spaces/gamma.yaml': 'kind: Space\n' }, 'Another writer creates gamma');
          return new Map([['spaces/gamma.yaml', 'kind: Space\nspec: {}\n']]);
        },
      }),
    );

    await expect(commit).rejects.toBe(alreadyExists);
    expect(onRemote(['show', `${remoteHead()}:gitops/spaces/gamma.yaml`])).toBe('kind: Space');
    expectCleanClone(remoteHead());
  });

  it('gives up with a ConflictError saying how many attempts failed when the remote keeps moving', async () => {
    const store = newStore({ maxAttempts: 3 });
    const writer = anotherWriter();
    let calls = 0;

    const commit = store.commit(
      change({
        apply: () => {
          calls += 1;
          writer({ [`gitops/other-${calls}.yaml`]: 'x\n' }, `Another writer, round ${calls}`);
          return new Map([['mine.yaml', 'mine\n']]);
        },
      }),
    );

    await expect(commit).rejects.toThrow(ConflictError);
    await expect(commit).rejects.toThrow(/failed 3 times/);
    expect(calls).toBe(3);
    expect(onRemote(['ls-tree', '--name-only', remote.branch, 'gitops/'])).not.toContain('mine');
  });

  it('reports an unreachable remote as UnavailableError and leaves the clone clean', async () => {
    const store = newStore();
    const base = await store.sync();
    const away = `${remote.url}.away`;

    const commit = store.commit(
      change({
        apply: () => {
          renameSync(remote.url, away);
          return new Map([['spaces/gamma.yaml', 'kind: Space\n']]);
        },
      }),
    );

    await expect(commit).rejects.toThrow(UnavailableError);
    await expect(commit).rejects.toThrow(/does not appear to be a git repository/);
    expectCleanClone(base);
    await expect(store.sync()).rejects.toThrow(UnavailableError);
    renameSync(away, remote.url);
  });

  it("reports a push refused by a hook as UnavailableError with git's message on one line", async () => {
    const store = newStore();
    const base = await store.sync();
    const hook = join(remote.url, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "policy: pushes are frozen" >&2\nexit 1\n');
    chmodSync(hook, 0o755);

    const commit = store.commit(
      change({ apply: () => new Map([['spaces/gamma.yaml', 'kind: Space\n']]) }),
    );

    await expect(commit).rejects.toThrow(UnavailableError);
    const error = (await commit.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('pre-receive hook declined');
    expect(error.message).toContain('policy: pushes are frozen');
    expect(error.message).not.toContain('\n');
    expect(remoteHead()).toBe(base);
    expectCleanClone(base);
  });

  it('rejects paths that leave the subdirectory and writes nothing', async () => {
    const store = newStore();
    const base = await store.sync();

    await expect(store.readFile('../README.md')).rejects.toThrow(InvalidArgumentError);
    await expect(store.listFiles('/etc')).rejects.toThrow(InvalidArgumentError);
    await expect(store.readAll('spaces/../../')).rejects.toThrow(InvalidArgumentError);
    for (const path of [
      '../escape.txt',
      '/tmp/escape.txt',
      'spaces/../../escape.txt',
      '.git/config',
    ]) {
      await expect(
        store.commit(
          change({
            apply: () =>
              new Map([
                ['spaces/ok.yaml', 'ok\n'],
                [path, 'x\n'],
              ]),
          }),
        ),
      ).rejects.toThrow(InvalidArgumentError);
    }

    expect(existsSync(join(workdirOf(), 'escape.txt'))).toBe(false);
    expect(remoteHead()).toBe(base);
    expectCleanClone(base);
  });

  it('reads the tree relative to the subdirectory and sees other writers only after a sync', async () => {
    const store = newStore();
    const writer = anotherWriter();

    expect(await store.sync()).toBe(remoteHead());
    expect(await store.listFiles()).toEqual([
      'platform/pops/aws-us-east-1.yaml',
      'spaces/acme/config/configmap-api.yaml',
      'spaces/acme/deployment-api.yaml',
      'spaces/acme/service-api.yaml',
      'spaces/beta/deployment-api.yaml',
    ]);
    expect(await store.readAll('spaces/acme')).toEqual(
      new Map([
        ['spaces/acme/config/configmap-api.yaml', 'kind: ConfigMap\n'],
        ['spaces/acme/deployment-api.yaml', 'kind: Deployment\n'],
        ['spaces/acme/service-api.yaml', 'kind: Service\n'],
      ]),
    );
    expect(await store.readFile('spaces/missing.yaml')).toBeUndefined();

    const theirs = writer(
      { 'gitops/platform/pops/aws-us-east-1.yaml': 'kind: Pop\nv: 2\n' },
      'Edit',
    );
    expect(await store.readFile('platform/pops/aws-us-east-1.yaml')).toBe('kind: Pop\n');
    expect(await store.sync()).toBe(theirs);
    expect(await store.readFile('platform/pops/aws-us-east-1.yaml')).toBe('kind: Pop\nv: 2\n');
  });

  it('answers readAll (also inside apply) with the files of the current head after commits and syncs', async () => {
    const store = newStore();
    const writer = anotherWriter();
    const pops = (text: string) => new Map([['platform/pops/aws-us-east-1.yaml', text]]);
    expect(await store.readAll('platform')).toEqual(pops('kind: Pop\n'));
    // The tree a change's apply sees, read twice: the second answer must not be stale.
    const seen: Map<string, string>[] = [];
    await store.commit(
      change({
        apply: async (tree) => {
          seen.push(await tree.readAll('platform'));
          return pops('kind: Pop\nv: 2\n');
        },
      }),
    );
    expect(await store.readAll('platform')).toEqual(pops('kind: Pop\nv: 2\n'));
    await store.commit(
      change({
        requestId: 'request-2',
        apply: async (tree) => {
          seen.push(await tree.readAll('platform'));
          return new Map([['platform/pops/gcp.yaml', 'kind: Pop\n']]);
        },
      }),
    );
    expect(seen).toEqual([pops('kind: Pop\n'), pops('kind: Pop\nv: 2\n')]);
    expect([...(await store.readAll('platform/')).keys()]).toEqual([
      'platform/pops/aws-us-east-1.yaml',
      'platform/pops/gcp.yaml',
    ]);
    await store.commit(
      change({ requestId: 'request-3', apply: () => new Map([['platform/pops/gcp.yaml', null]]) }),
    );
    expect(await store.readAll('platform')).toEqual(pops('kind: Pop\nv: 2\n'));
    await store.commit(
      change({
        requestId: 'request-4',
        apply: () => new Map([['platform/pops/gcp.yaml', 'kind: Pop\n']]),
      }),
    );
    writer({ 'gitops/platform/pops/aws-us-east-1.yaml': 'kind: Pop\nv: 3\n' }, 'Edit');
    await store.sync();
    expect(await store.readAll('platform')).toEqual(
      new Map([
        ['platform/pops/aws-us-east-1.yaml', 'kind: Pop\nv: 3\n'],
        ['platform/pops/gcp.yaml', 'kind: Pop\n'],
      ]),
    );
  });

  it('works on the repository root when the subdirectory is empty, never listing .git', async () => {
    const store = newStore({ subdirectory: '' });

    const result = await store.commit(change({ apply: () => new Map([['NOTES.md', 'notes\n']]) }));

    expect(changedFiles(result.commit)).toEqual(['A\tNOTES.md']);
    expect((await store.listFiles()).filter((path) => path.includes('.git'))).toEqual([]);
    expect(await store.listFiles()).toContain('README.md');
  });

  it('finds a commit by request id, including one pushed by another clone once synced', async () => {
    const store = newStore();
    const writer = anotherWriter();
    const own = await store.commit(
      change({ requestId: 'request-own', apply: () => new Map([['a.yaml', 'a\n']]) }),
    );
    const theirs = writer(
      { 'gitops/b.yaml': 'b\n' },
      'Create b\n\nPlatform-Operation: test\nPlatform-Request-Id: request-42',
    );

    expect(await store.findCommitByRequestId('request-own')).toBe(own.commit);
    expect(await store.findCommitByRequestId('request-42')).toBeUndefined();
    await store.sync();
    expect(await store.findCommitByRequestId('request-42')).toBe(theirs);
    expect(await store.findCommitByRequestId('request-4')).toBeUndefined();
    expect(await store.findCommitByRequestId('request')).toBeUndefined();
  });

  it('reads a file as it was in a commit and in its parent, undefined where it did not exist', async () => {
    const store = newStore();
    const first = await store.commit(change({ apply: () => new Map([['a.yaml', 'one\n']]) }));
    const second = await store.commit(
      change({ requestId: 'request-2', apply: () => new Map([['a.yaml', 'two\n']]) }),
    );

    expect(await store.readFileAt(second.commit, 'a.yaml')).toBe('two\n');
    expect(await store.readFileAt(`${second.commit}^`, 'a.yaml')).toBe('one\n');
    expect(await store.readFileAt(`${first.commit}^`, 'a.yaml')).toBeUndefined();
    expect(await store.readFileAt(first.commit, 'platform/pops/aws-us-east-1.yaml')).toBe(
      'kind: Pop\n',
    );
    await expect(store.readFileAt('HEAD', 'a.yaml')).rejects.toThrow(/40-digit/);
  });

  it('commits changes that wait together: one commit each, chained, fewer pushes than commits', async () => {
    const pushes = join(temp.path, 'pushes.log');
    const hook = join(remote.url, 'hooks', 'post-receive');
    writeFileSync(hook, `#!/bin/sh\necho push >> ${pushes}\n`, { mode: 0o755 });
    const store = newStore();
    await store.sync();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        store.commit(
          change({
            requestId: `batch-${index}`,
            apply: () => new Map([[`batch/${index}.yaml`, `n: ${index}\n`]]),
          }),
        ),
      ),
    );

    const log = onRemote(['log', '--format=%H', remote.branch]).split('\n');
    expect(results.map((result) => result.commit).reverse()).toEqual(log.slice(0, 10));
    for (const [index, result] of results.entries()) {
      expect(changedFiles(result.commit)).toEqual([`A\tgitops/batch/${index}.yaml`]);
      expect(onRemote(['log', '-1', '--format=%B', result.commit])).toContain(
        `Platform-Request-Id: batch-${index}`,
      );
    }
    const pushCount = readFileSync(pushes, 'utf8').trim().split('\n').length;
    expect(pushCount).toBeLessThan(10);
    expectCleanClone(log[0]);
  });

  it('fails only the change whose apply throws; the others of its batch land', async () => {
    const store = newStore();
    await store.sync();
    const outcomes = await Promise.allSettled([
      store.commit(change({ requestId: 'ok-1', apply: () => new Map([['ok-1.yaml', '1\n']]) })),
      store.commit(
        change({
          requestId: 'bad',
          apply: () => {
            throw new InvalidArgumentError('name', 'taken');
          },
        }),
      ),
      store.commit(change({ requestId: 'ok-2', apply: () => new Map([['ok-2.yaml', '2\n']]) })),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidArgumentError);
    await store.sync();
    expect(await store.readFile('ok-1.yaml')).toBe('1\n');
    expect(await store.readFile('ok-2.yaml')).toBe('2\n');
  });

  it('without a fetch before each commit, still lands on top of another writer that pushed meanwhile', async () => {
    const store = newStore({ fetchBeforeCommit: false });
    await store.sync();
    const theirs = anotherWriter()({ 'gitops/theirs.yaml': 'theirs\n' }, 'Their change');
    const ours = await store.commit(change({ apply: () => new Map([['ours.yaml', 'ours\n']]) }));

    expect(ours.attempts).toBe(2);
    expect(onRemote(['rev-parse', `${ours.commit}^`])).toBe(theirs);
    expectCleanClone(ours.commit);
  });

  it('runs the commits of one process one after another, none losing to the other', async () => {
    const store = newStore();

    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        store.commit(
          change({
            requestId: `request-${n}`,
            apply: () => new Map([[`spaces/s${n}.yaml`, `${n}\n`]]),
          }),
        ),
      ),
    );

    expect(results.map((result) => [result.changed, result.attempts])).toEqual(
      Array(5).fill([true, 1]),
    );
    expect(onRemote(['rev-list', '--count', remote.branch])).toBe('6');
    expect(onRemote(['log', '--merges', '--format=%H', remote.branch])).toBe('');
  });
});
