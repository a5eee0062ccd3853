import {
  checkGitopsTree,
  parseDesiredState,
  renderDesiredState,
  type GitopsFiles,
} from '@platform/gitops';
import { GitopsStore, readGitopsDirectory } from '@platform/gitops-store';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { median, timeMs, type Benchmark, type BenchResult } from '../bench-result';
import { removeTree, seedBareRepository } from '../git-seed';
import { generateFleet } from './generate-fleet';

const size = { pops: 50, spaces: 10_000 };
const changedSpaces = 1_000;
const rounds = 3;

/**
 * Issue 3's figures: full render and full check of a 10,000-Space fleet, and one commit+push
 * through the git store beside plain `git add -A && git commit && git push` of the same change.
 */
export const gitopsBenchmark: Benchmark = {
  name: 'gitops',
  description: `render, check and commit+push on a ${size.spaces}-Space fleet under ${size.pops} PoPs`,
  async run(log) {
    const work = mkdtempSync(join(tmpdir(), 'bench-gitops-'));
    try {
      const platform = generateFleet(size);
      const tree = renderTree(platform);
      const renderMs = await timeMs(() => renderTree(platform));
      log(`full render: ${tree.size} files in ${(renderMs / 1000).toFixed(2)} s`);

      const remotes = seedRemotes(work, tree);
      log('seeded two remotes with the fleet and checked out a clone of one');
      const checkMs = await timeMs(async () => {
        const problems = checkGitopsTree({
          files: await readGitopsDirectory(join(remotes.baselineClone, 'gitops')),
          render: renderDesiredState,
        });
        if (problems.length > 0)
          throw new Error(`the generated fleet has problems: ${JSON.stringify(problems[0])}`);
      });
      log(`full check (read from disk, parse, render, compare): ${(checkMs / 1000).toFixed(2)} s`);

      const { ours, baseline } = await commitAndPush(work, remotes, platform, tree, log);
      return [
        result(
          'full render of 10,000 Spaces',
          renderMs / 1000,
          null,
          '≤ 20 s (the check includes it)',
          renderMs <= 20_000,
        ),
        result('full check of 10,000 Spaces', checkMs / 1000, null, '≤ 20 s', checkMs <= 20_000),
        result(
          `commit+push: 3 channels + ${changedSpaces} Spaces' rendered folders`,
          ours / 1000,
          baseline / 1000,
          '≤ 2× plain git add/commit/push',
          ours <= 2 * baseline,
        ),
      ];
    } finally {
      removeTree(work);
    }
  },
};

function result(
  metric: string,
  ours: number,
  baseline: number | null,
  target: string,
  met: boolean,
): BenchResult {
  return {
    benchmark: 'gitops',
    metric,
    unit: 's',
    ours,
    baseline,
    ratio: baseline ? ours / baseline : null,
    target,
    met,
  };
}

function renderTree(platform: GitopsFiles): Map<string, string> {
  const { state, problems } = parseDesiredState(platform);
  if (problems.length > 0)
    throw new Error(`generated fleet invalid: ${JSON.stringify(problems[0])}`);
  return new Map([...platform, ...renderDesiredState(state)]);
}

interface BenchRemotes {
  /** The remote the store pushes to. */
  ours: string;
  /** The remote plain git pushes to, from `baselineClone`. */
  baseline: string;
  /** A checkout of `baseline`; before the rounds it is also the tree the check reads. */
  baselineClone: string;
}

/** Two bare remotes holding the same seed commit of the fleet, and a clone of the second. */
function seedRemotes(work: string, tree: GitopsFiles): BenchRemotes {
  const remotes = {
    ours: join(work, 'ours.git'),
    baseline: join(work, 'baseline.git'),
    baselineClone: join(work, 'baseline'),
  };
  seedBareRepository(
    remotes.ours,
    new Map([...tree].map(([path, text]) => [`gitops/${path}`, text])),
  );
  git(work, 'clone', '--quiet', '--bare', remotes.ours, remotes.baseline);
  git(work, 'clone', '--quiet', remotes.baseline, remotes.baselineClone);
  return remotes;
}

/** git with a fixed identity and no automatic gc (it would pack in the middle of a round). */
function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=bench',
      '-c',
      'user.email=bench@platform.invalid',
      '-c',
      'gc.auto=0',
      ...args,
    ],
    { cwd, stdio: 'pipe', maxBuffer: 1 << 30 },
  ).toString();
}

/**
 * The store commits to one remote, plain git to the other, the same change each round
 * (alternately forward and back, so every round changes the same number of files).
 */
async function commitAndPush(
  work: string,
  remotes: BenchRemotes,
  platform: GitopsFiles,
  tree: GitopsFiles,
  log: (message: string) => void,
): Promise<{ ours: number; baseline: number }> {
  const { baselineClone } = remotes;
  const store = new GitopsStore({
    remoteUrl: remotes.ours,
    branch: 'main',
    subdirectory: 'gitops',
    workdir: join(work, 'store'),
    author: { name: 'bench', email: 'bench@platform.invalid' },
  });
  await store.sync();

  const changed = renderTree(modifiedFleet(platform));
  const forward = diff(tree, changed);
  const back = diff(changed, tree);
  log(`the change touches ${forward.size} files`);
  const oursMs: number[] = [];
  const baselineMs: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const changes = round % 2 === 0 ? forward : back;
    oursMs.push(
      await timeMs(() =>
        store.commit({
          operation: 'bench',
          actor: 'bench',
          requestId: `bench-${round}`,
          message: `bench round ${round}`,
          apply: () => changes,
        }),
      ),
    );
    writeChanges(join(baselineClone, 'gitops'), changes);
    baselineMs.push(
      await timeMs(() => {
        git(baselineClone, 'add', '-A');
        git(baselineClone, 'commit', '--quiet', '-m', `bench round ${round}`);
        git(baselineClone, 'push', '--quiet', 'origin', 'main');
      }),
    );
    log(
      `commit+push round ${round + 1}: store ${oursMs[round].toFixed(0)} ms, plain git ${baselineMs[round].toFixed(0)} ms`,
    );
  }
  return { ours: median(oursMs), baseline: median(baselineMs) };
}

/** Freezes the three channels and moves the first N Spaces to another tier. */
function modifiedFleet(platform: GitopsFiles): Map<string, string> {
  const files = new Map(platform);
  for (const channel of ['dev', 'staging', 'prod']) {
    const path = `platform/channels/${channel}.yaml`;
    files.set(path, `${files.get(path)}  frozen:\n    reason: benchmark\n`);
  }
  for (let index = 0; index < changedSpaces; index += 1) {
    const path = `platform/spaces/space-${String(index).padStart(5, '0')}.yaml`;
    const tier = (files.get(path) ?? '').includes('tier: performance-plus')
      ? 'basic'
      : 'performance-plus';
    files.set(path, (files.get(path) ?? '').replace(/tier: .*/, `tier: ${tier}`));
  }
  return files;
}

/** What turns tree `from` into tree `to`: new content per changed path, null per removed one. */
function diff(from: GitopsFiles, to: GitopsFiles): Map<string, string | null> {
  const changes = new Map<string, string | null>();
  for (const [path, content] of to) if (from.get(path) !== content) changes.set(path, content);
  for (const path of from.keys()) if (!to.has(path)) changes.set(path, null);
  return changes;
}

function writeChanges(dir: string, changes: Map<string, string | null>): void {
  for (const [path, content] of changes) {
    if (content === null) rmSync(join(dir, path), { force: true });
    else {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  }
}
