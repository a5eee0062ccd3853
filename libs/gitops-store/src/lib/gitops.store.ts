import {
  AlreadyExistsError,
  ConflictError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  PlatformError,
  UnavailableError,
} from '@platform/errors';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { COMMIT_TRAILERS, formatCommitMessage, trailerValue } from './commit-message';
import { fastImportChainStream, type CommitFile } from './git/fast-import-stream';
import type { GitOutput } from './git/git.runner';
import { GitCommandError, GitRunner, gitEnvironment, summarizeGitOutput } from './git/git.runner';
import { classifyPushFailure } from './git/push-result';
import type { BranchCommitResult, CommitResult, GitopsChange, ReadonlyTree } from './gitops-change';
import type { GitopsStoreOptions, ResolvedGitopsStoreOptions } from './gitops-store.options';
import { isBranchName, resolveGitopsStoreOptions } from './gitops-store.options';
import { backoffDelay } from './retry/backoff';
import { Mutex } from './retry/mutex';
import { errorCode } from './tree/fs-errors';
import { normalizeTreeDir, repoPath } from './tree/tree-path';
import { WorkingTree } from './tree/working-tree';
import type { ChangePlan, EffectiveChange } from './tree/write-changes';
import { planChanges, writeChanges } from './tree/write-changes';

/** What the store needs from its surroundings besides git; tests replace them. */
export interface GitopsStoreDependencies {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * One lock and one "the clone is known clean" flag per workdir, shared by every store of this
 * process on that workdir: two stores on one clone would otherwise write over each other.
 */
interface WorkdirState {
  readonly mutex: Mutex;
  /** Index and working tree equal HEAD (after a sync of this process); false means reset before use. */
  clean: boolean;
  /**
   * `readAll` answers by folder, with the HEAD they were read at: while the tree is clean its
   * files are HEAD's, so an unchanged HEAD needs no reading (a scheduler tick reads the whole
   * desired state every few hundred milliseconds, and it rarely changes).
   */
  readonly readAllCache: Map<string, { head: string; files: ReadonlyMap<string, string> }>;
}

const workdirStates = new Map<string, WorkdirState>();

/** Where a commit for another branch is built in the clone before it is pushed. */
const BRANCH_COMMIT_REF = 'refs/platform/branch-commit';
/** Where the head of an existing other branch is fetched to, to read its trailers. */
const BRANCH_CHECK_REF = 'refs/platform/branch-check';

type Attempt = { kind: 'pushed'; commit: string } | { kind: 'lost-race'; detail: string };

/** A change waiting for its turn to be committed, and how to answer its caller. */
interface WaitingChange {
  change: GitopsChange;
  message: string;
  resolve: (result: CommitResult) => void;
  reject: (error: unknown) => void;
}

/** What became of one change of a batch before the push. */
type Outcome =
  | { kind: 'committed'; commit: string }
  | { kind: 'unchanged'; commit: string }
  | { kind: 'failed'; error: unknown };

/**
 * The gitops repository as a store: reads come from a local clone, and every change becomes one
 * commit with `Platform-*` trailers pushed to the remote. Concurrent writers in other processes
 * (each with its own workdir) are handled by applying the change again on the head that won,
 * never by merging, rebasing or force-pushing, so the branch history stays linear.
 *
 * Calls on one store (and on every store of this process sharing the workdir) run one at a
 * time; a read waits for a write in progress, so it never sees a half-written tree.
 */
export class GitopsStore {
  private readonly options: ResolvedGitopsStoreOptions;
  private readonly git: GitRunner;
  private readonly state: WorkdirState;
  private readonly tree: WorkingTree;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly remoteRef: string;
  private readonly waiting: WaitingChange[] = [];

  constructor(options: GitopsStoreOptions, dependencies: GitopsStoreDependencies = {}) {
    this.options = resolveGitopsStoreOptions(options);
    this.git = new GitRunner(
      gitEnvironment(process.env, this.options.author),
      this.options.gitTimeoutMs,
    );
    let state = workdirStates.get(this.options.workdir);
    if (!state) {
      state = { mutex: new Mutex(), clean: false, readAllCache: new Map() };
      workdirStates.set(this.options.workdir, state);
    }
    this.state = state;
    this.tree = new WorkingTree(join(this.options.workdir, this.options.subdirectory));
    this.sleep = dependencies.sleep ?? ((ms) => delay(ms));
    this.random = dependencies.random ?? Math.random;
    this.remoteRef = `refs/remotes/origin/${this.options.branch}`;
  }

  /**
   * Clones the remote into the workdir when it is missing, otherwise fetches the branch and
   * resets the clone to it (dropping anything left over). Returns the head commit. Reads see
   * other writers' commits only after a sync.
   */
  sync(): Promise<string> {
    return this.state.mutex.run(() => this.refresh());
  }

  /** The text of a file of the last synced tree, or `undefined`; `path` is relative to the subdirectory. */
  readFile(path: string): Promise<string | undefined> {
    return this.read((tree) => tree.readFile(path));
  }

  /** The files under `dir` of the last synced tree, recursively, relative to the subdirectory, sorted. */
  listFiles(dir = ''): Promise<string[]> {
    return this.read((tree) => tree.listFiles(dir));
  }

  /** Every file under the folder `prefix` of the last synced tree with its text. */
  readAll(prefix = ''): Promise<Map<string, string>> {
    // `read` syncs first when the tree is not clean, so the files are HEAD's.
    return this.read(async () =>
      this.readAllAt((await this.local(['rev-parse', 'HEAD'])).stdout.trim(), prefix),
    );
  }

  /**
   * Makes `change` one commit on the remote branch: sync, `apply` on the fresh tree, write what
   * it returned, commit with the trailers, push. When another writer pushed first, it waits
   * (jittered exponential backoff), syncs and calls `apply` again on the new head, up to
   * `maxAttempts` times, then fails with a ConflictError. When the files already hold what
   * `apply` asks, nothing is committed and the result has `changed: false`.
   *
   * Changes that arrive while another commit is in progress wait and then go out together:
   * each still becomes its own commit (built on the one before), but one push carries them all,
   * so concurrent callers share the cost of the push (see `maxCommitsPerPush`).
   *
   * @throws whatever `apply` throws, unchanged
   * @throws InvalidArgumentError for an empty message or trailer value, or a path outside the subdirectory
   * @throws ConflictError when every attempt lost to another writer
   * @throws UnavailableError when the remote cannot be reached or refuses the push; the clone is reset
   */
  async commit(change: GitopsChange): Promise<CommitResult> {
    const message = formatCommitMessage(change);
    if (typeof change.apply !== 'function') {
      throw new InvalidArgumentError('apply', 'must be a function');
    }
    return new Promise<CommitResult>((resolve, reject) => {
      this.waiting.push({ change, message, resolve, reject });
      // Whichever turn of the lock comes first takes every change waiting by then.
      void this.state.mutex.run(() => this.commitWaiting());
    });
  }

  /**
   * Makes `change` one commit on top of the store's branch as freshly fetched, and pushes it to
   * the new branch `branch` instead (for engineers to review and merge): the store's branch and
   * the clone's head stay where they were. It only ever creates `branch`, never moves it: when
   * `branch` exists and its head carries this change's request id (a retry after a crash), that
   * commit is returned with `created: false`; any other existing `branch` is left alone. When
   * `apply` asks for what the tree holds, nothing is pushed (`changed: false`).
   *
   * @throws whatever `apply` throws, unchanged
   * @throws AlreadyExistsError when `branch` exists with another commit
   * @throws InvalidArgumentError for a bad message, trailer or branch name (or the store's own branch)
   * @throws UnavailableError when the remote cannot be reached or refuses the push
   */
  async commitToBranch(change: GitopsChange, branch: string): Promise<BranchCommitResult> {
    const message = formatCommitMessage(change);
    if (typeof change.apply !== 'function') {
      throw new InvalidArgumentError('apply', 'must be a function');
    }
    if (!isBranchName(branch)) {
      throw new InvalidArgumentError('branch', `"${String(branch)}" is not a valid branch name`);
    }
    if (branch === this.options.branch) {
      throw new InvalidArgumentError('branch', `must not be the store's own branch "${branch}"`);
    }
    return this.state.mutex.run(async () => {
      const base = await this.refresh();
      const existing = await this.existingBranchCommit(branch, change.requestId);
      if (existing !== undefined) return existing;
      const root = join(this.options.workdir, this.options.subdirectory);
      let commit: string | undefined;
      this.state.clean = false;
      try {
        const effective = await writeChanges(root, planChanges(await change.apply(this.tree)));
        if (effective.length > 0) {
          await this.local(['update-ref', '-d', BRANCH_COMMIT_REF]);
          await this.local(
            ['fast-import', '--quiet', '--date-format=now'],
            fastImportChainStream(
              { ref: BRANCH_COMMIT_REF, parent: base, author: this.options.author },
              [
                {
                  message,
                  files: effective.map((file) => ({
                    ...file,
                    path: repoPath(this.options.subdirectory, file.path),
                  })),
                },
              ],
            ),
          );
          commit = (await this.local(['rev-parse', BRANCH_COMMIT_REF])).stdout.trim();
        }
      } catch (error) {
        throw asPlatformError(error, 'writing the gitops commit failed');
      } finally {
        // The files were written into the clone of the store's branch: put it back.
        await this.restore(base);
      }
      if (commit === undefined) return { commit: base, branch, changed: false, created: false };
      return this.pushNewBranch(commit, branch, change.requestId);
    });
  }

  /**
   * The newest commit of the branch (as last synced) whose `Platform-Request-Id` trailer is
   * exactly `requestId`, or `undefined`. Lets a caller that retries after a crash find out
   * whether its change already landed.
   */
  async findCommitByRequestId(requestId: string): Promise<string | undefined> {
    const id = trailerValue('requestId', requestId);
    return this.read(async () => {
      const { stdout } = await this.local([
        'log',
        '--fixed-strings',
        `--grep=${COMMIT_TRAILERS.requestId}: ${id}`,
        `--format=%H%x1f%(trailers:key=${COMMIT_TRAILERS.requestId},valueonly,unfold,separator=%x1f)`,
        'HEAD',
        '--',
      ]);
      for (const line of stdout.split('\n')) {
        const [commit, ...values] = line.split('\x1f');
        if (commit && values.some((value) => value.trim() === id)) return commit;
      }
      return undefined;
    });
  }

  /**
   * The text of `path` (relative to the subdirectory) as it was in `commit` (or, written
   * `<commit>^`, in its parent), or `undefined` when
   * that commit has no such file. Lets a caller rebuild what a landed change did (its "before"
   * and "after") when it crashed before recording the outcome.
   */
  async readFileAt(commit: string, path: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{40}\^?$/.test(commit)) {
      throw new InvalidArgumentError(
        'commit',
        'must be a full 40-digit lowercase commit id, optionally followed by ^ for its parent',
      );
    }
    const object = `${commit}:${repoPath(this.options.subdirectory, path)}`;
    return this.read(async () => {
      try {
        return (await this.git.run(this.options.workdir, ['cat-file', 'blob', object])).stdout;
      } catch (error) {
        if (error instanceof GitCommandError) return undefined;
        throw error;
      }
    });
  }

  /** `readAll` of the working tree, whose files must be those of commit `head`. */
  private async readAllAt(head: string, dir: string): Promise<Map<string, string>> {
    // One cache key per folder, however it was spelled ("platform/", "./platform").
    const prefix = normalizeTreeDir(dir, 'prefix');
    const cached = this.state.readAllCache.get(prefix);
    if (cached?.head === head) return new Map(cached.files);
    const files = await this.tree.readAll(prefix);
    this.state.readAllCache.set(prefix, { head, files: new Map(files) });
    return files;
  }

  /**
   * The cached `readAll` answers of `base` plus what was just committed on it are `head`'s:
   * carried forward, so the next read after a commit of thousands of files reads none of them.
   */
  private advanceReadAllCache(
    base: string,
    head: string,
    changes: readonly EffectiveChange[],
  ): void {
    for (const [prefix, cached] of this.state.readAllCache) {
      if (cached.head !== base) {
        this.state.readAllCache.delete(prefix);
        continue;
      }
      const files = new Map(cached.files);
      for (const change of changes) {
        if (prefix !== '' && !change.path.startsWith(`${prefix}/`)) continue;
        if (change.content === null) files.delete(change.path);
        else files.set(change.path, change.content);
      }
      // Ordered like listFiles, as a fresh read would be.
      const sorted = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      this.state.readAllCache.set(prefix, { head, files: sorted });
    }
  }

  /** The working tree while it still holds commit `head`'s files, with `readAll` cached. */
  private treeAt(head: string): ReadonlyTree {
    return {
      readFile: (path) => this.tree.readFile(path),
      listFiles: (dir) => this.tree.listFiles(dir),
      readAll: (prefix = '') => this.readAllAt(head, prefix),
    };
  }

  private read<T>(task: (tree: ReadonlyTree) => Promise<T>): Promise<T> {
    return this.state.mutex.run(async () => {
      if (!this.state.clean) await this.refresh();
      return task(this.tree);
    });
  }

  private async commitWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxCommitsPerPush);
      await this.commitBatch(batch);
    }
  }

  /**
   * One commit per change of `batch`, each built on the tree the previous one left, then one
   * push for all. A change whose `apply` throws fails alone; the others go on. When another
   * writer pushed first, everything is applied again on the new head.
   */
  private async commitBatch(batch: WaitingChange[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      let outcomes: Map<WaitingChange, Outcome>;
      let base: string;
      let head: string;
      try {
        base = attempt === 1 ? await this.baseForCommit() : await this.refresh();
        ({ outcomes, head } = await this.applyAll(batch, base));
      } catch (error) {
        for (const item of batch) item.reject(error);
        return;
      }
      const settle = (commitOf: (outcome: Outcome) => CommitResult | undefined) => {
        for (const item of batch) {
          const outcome = outcomes.get(item) as Outcome;
          if (outcome.kind === 'failed') item.reject(outcome.error);
          else item.resolve(commitOf(outcome) as CommitResult);
        }
      };
      const result = (outcome: Outcome): CommitResult =>
        outcome.kind === 'committed'
          ? { commit: outcome.commit, changed: true, attempts: attempt }
          : {
              commit: outcome.kind === 'unchanged' ? outcome.commit : head,
              changed: false,
              attempts: attempt,
            };
      if (head === base) {
        settle(result);
        return;
      }
      let pushed: Attempt;
      try {
        pushed = await this.push(base, head);
      } catch (error) {
        for (const item of batch) {
          const outcome = outcomes.get(item) as Outcome;
          item.reject(outcome.kind === 'failed' ? outcome.error : error);
        }
        return;
      }
      if (pushed.kind === 'pushed') {
        settle(result);
        return;
      }
      if (attempt >= this.options.maxAttempts) {
        const conflict = new ConflictError(
          `gitops push to branch "${this.options.branch}" failed ${attempt} times because other writers ` +
            `kept moving it (last: ${pushed.detail}); nothing was committed`,
        );
        for (const item of batch) {
          const outcome = outcomes.get(item) as Outcome;
          item.reject(outcome.kind === 'failed' ? outcome.error : conflict);
        }
        return;
      }
      await this.sleep(backoffDelay(attempt, this.options.backoff, this.random));
    }
  }

  /** The head a first attempt builds on: fetched, or (when allowed) the last synced one. */
  private async baseForCommit(): Promise<string> {
    if (this.options.fetchBeforeCommit || !this.state.clean) return this.refresh();
    return (await this.local(['rev-parse', 'HEAD'])).stdout.trim();
  }

  /**
   * Applies each change on the tree the previous one left and commits them all locally, one
   * commit each, with one fast-import run; nothing is pushed. A change whose `apply` throws is
   * left out. A failure to write or commit fails every change and puts the clone back on `base`.
   */
  private async applyAll(
    batch: WaitingChange[],
    base: string,
  ): Promise<{ outcomes: Map<WaitingChange, Outcome>; head: string }> {
    const outcomes = new Map<WaitingChange, Outcome>();
    const changed: { item: WaitingChange; files: CommitFile[] }[] = [];
    const unchangedAfter = new Map<WaitingChange, number>();
    const treeChanges: EffectiveChange[] = [];
    const root = join(this.options.workdir, this.options.subdirectory);
    this.state.clean = false;
    try {
      for (const item of batch) {
        let plan: ChangePlan;
        try {
          // Until a change writes something, the tree is still `base`.
          const tree = changed.length === 0 ? this.treeAt(base) : this.tree;
          plan = planChanges(await item.change.apply(tree));
        } catch (error) {
          outcomes.set(item, { kind: 'failed', error });
          continue;
        }
        const effective = await writeChanges(root, plan);
        treeChanges.push(...effective);
        if (effective.length === 0) {
          // It holds whatever the changes before it made: known once they are committed.
          unchangedAfter.set(item, changed.length);
          continue;
        }
        const files = effective.map((file) => ({
          ...file,
          path: repoPath(this.options.subdirectory, file.path),
        }));
        changed.push({ item, files });
      }
      if (changed.length > 0) {
        await this.local(
          ['fast-import', '--quiet', '--date-format=now'],
          fastImportChainStream(
            { ref: `refs/heads/${this.options.branch}`, parent: base, author: this.options.author },
            changed.map(({ item, files }) => ({ message: item.message, files })),
          ),
        );
        // fast-import has written the objects already; this only records the files' stat
        // data in the index, so the index and the working tree equal the new HEAD.
        const paths = [...new Set(changed.flatMap(({ files }) => files.map((file) => file.path)))];
        await this.local(
          ['update-index', '--add', '--remove', '--replace', '-z', '--stdin'],
          paths.map((path) => `${path}\0`).join(''),
        );
      }
    } catch (error) {
      await this.restore(base);
      throw asPlatformError(error, 'writing the gitops commit failed');
    }
    this.state.clean = true;
    const commits =
      changed.length === 0
        ? []
        : (await this.local(['rev-list', `--max-count=${changed.length}`, 'HEAD'])).stdout
            .trim()
            .split('\n')
            .reverse();
    changed.forEach(({ item }, index) =>
      outcomes.set(item, { kind: 'committed', commit: commits[index] }),
    );
    for (const [item, before] of unchangedAfter) {
      outcomes.set(item, { kind: 'unchanged', commit: before === 0 ? base : commits[before - 1] });
    }
    const head = commits.at(-1) ?? base;
    if (head !== base) this.advanceReadAllCache(base, head, treeChanges);
    return { outcomes, head };
  }

  private async push(base: string, commit: string): Promise<Attempt> {
    try {
      await this.git.run(this.options.workdir, [
        'push',
        '--porcelain',
        'origin',
        `${commit}:refs/heads/${this.options.branch}`,
      ]);
      return { kind: 'pushed', commit };
    } catch (error) {
      if (!(error instanceof GitCommandError)) throw error;
      const { lostRace, detail } = classifyPushFailure(error.stdout, error.stderr);
      if (lostRace) return { kind: 'lost-race', detail };
      // An unrecognized refusal may still come from a remote that moved meanwhile; ask it.
      if (await this.remoteMovedFrom(base))
        return { kind: 'lost-race', detail: detail || 'remote moved' };
      await this.restore(base);
      const stderr = summarizeGitOutput(error.timedOut ? 'timed out' : error.stderr);
      throw new UnavailableError(
        `gitops push to ${redact(this.options.remoteUrl)} (branch "${this.options.branch}") failed: ` +
          (detail ? `${detail}; ${stderr}` : stderr),
        { cause: error },
      );
    }
  }

  /**
   * The result for `branch` when it already exists on the remote: its head when that carries
   * `requestId`, else an AlreadyExistsError. Undefined when there is no such branch.
   */
  private async existingBranchCommit(
    branch: string,
    requestId: string,
  ): Promise<BranchCommitResult | undefined> {
    const ref = `refs/heads/${branch}`;
    const listed = await this.remote(['ls-remote', '--heads', 'origin', ref], `list ${ref}`);
    // ls-remote matches the pattern against the end of each ref: keep the exact one.
    const line = listed.split('\n').find((entry) => entry.split('\t')[1] === ref);
    if (line === undefined) return undefined;
    const head = line.split('\t')[0];
    await this.remote(
      ['fetch', '--quiet', '--no-tags', 'origin', `+${ref}:${BRANCH_CHECK_REF}`],
      `fetch ${ref}`,
    );
    const { stdout } = await this.local([
      'log',
      '-1',
      `--format=%(trailers:key=${COMMIT_TRAILERS.requestId},valueonly,unfold,separator=%x1f)`,
      BRANCH_CHECK_REF,
    ]);
    const id = trailerValue('requestId', requestId);
    if (stdout.split('\x1f').some((value) => value.trim() === id)) {
      return { commit: head, branch, changed: true, created: false };
    }
    throw new AlreadyExistsError(
      `branch "${branch}" already exists on the gitops remote (at ${head.slice(0, 12)}, ` +
        `not request ${id}); choose another name, or merge or delete it first`,
    );
  }

  /** Pushes `commit` as the new branch `branch`; refuses to move the branch if it exists by now. */
  private async pushNewBranch(
    commit: string,
    branch: string,
    requestId: string,
  ): Promise<BranchCommitResult> {
    const ref = `refs/heads/${branch}`;
    try {
      // An empty expected value: the push only creates the ref, it never moves an existing one.
      await this.git.run(this.options.workdir, [
        'push',
        '--porcelain',
        `--force-with-lease=${ref}:`,
        'origin',
        `${commit}:${ref}`,
      ]);
      return { commit, branch, changed: true, created: true };
    } catch (error) {
      if (!(error instanceof GitCommandError)) throw error;
      const { lostRace, detail } = classifyPushFailure(error.stdout, error.stderr);
      if (lostRace) {
        // Another writer created it meanwhile: a retry of this request, or someone else's.
        const existing = await this.existingBranchCommit(branch, requestId);
        if (existing !== undefined) return existing;
        throw new AlreadyExistsError(
          `branch "${branch}" was created on the gitops remote meanwhile`,
        );
      }
      const stderr = summarizeGitOutput(error.timedOut ? 'timed out' : error.stderr);
      throw new UnavailableError(
        `gitops push to ${redact(this.options.remoteUrl)} (branch "${branch}") failed: ` +
          (detail ? `${detail}; ${stderr}` : stderr),
        { cause: error },
      );
    }
  }

  /** A git command that talks to the remote; its failure is the remote's. */
  private async remote(args: readonly string[], what: string): Promise<string> {
    try {
      return (await this.git.run(this.options.workdir, args)).stdout;
    } catch (error) {
      if (!(error instanceof GitCommandError)) throw error;
      throw new UnavailableError(
        `cannot ${what} on ${redact(this.options.remoteUrl)}: ` +
          summarizeGitOutput(error.timedOut ? 'timed out' : error.stderr),
        { cause: error },
      );
    }
  }

  private async remoteMovedFrom(base: string): Promise<boolean> {
    try {
      await this.fetch();
      const { stdout } = await this.local(['rev-parse', this.remoteRef]);
      return stdout.trim() !== base;
    } catch {
      return false;
    }
  }

  /** Puts the clone back on `base` with nothing half-done: no staged, modified or new files. */
  private async restore(base: string): Promise<void> {
    try {
      await this.local(['reset', '--hard', '--quiet', base]);
      await this.local(['clean', '-ffdxq']);
      this.state.clean = true;
    } catch {
      this.state.clean = false;
    }
  }

  private async refresh(): Promise<string> {
    if (!existsSync(join(this.options.workdir, '.git'))) {
      await this.clone();
      this.state.clean = true;
      return (await this.local(['rev-parse', 'HEAD'])).stdout.trim();
    }
    await this.fetch();
    const [head, remoteHead] = (await this.local(['rev-parse', 'HEAD', this.remoteRef])).stdout
      .trim()
      .split('\n');
    if (this.state.clean && head === remoteHead) return remoteHead;
    if (this.state.clean) {
      await this.local(['reset', '--hard', '--quiet', this.remoteRef]);
    } else {
      // First use in this process, or a failed clean-up: whatever a crash left behind goes.
      await rm(join(this.options.workdir, '.git', 'index.lock'), { force: true });
      await this.local([
        'checkout',
        '--quiet',
        '--force',
        '-B',
        this.options.branch,
        this.remoteRef,
      ]);
      await this.local(['clean', '-ffdxq']);
    }
    this.state.clean = true;
    return remoteHead;
  }

  private async clone(): Promise<void> {
    const { workdir, branch, remoteUrl } = this.options;
    const parent = dirname(workdir);
    await mkdir(parent, { recursive: true });
    // Clone beside the workdir and rename, so an interrupted clone never looks like a clone.
    const temporary = join(parent, `.${basename(workdir)}.clone-${randomBytes(6).toString('hex')}`);
    try {
      await this.git.run(parent, [
        'clone',
        '--quiet',
        '--no-tags',
        '--single-branch',
        '--branch',
        branch,
        '--',
        remoteUrl,
        temporary,
      ]);
      await rename(temporary, workdir);
    } catch (error) {
      await rm(temporary, { recursive: true, force: true });
      if (error instanceof GitCommandError) {
        throw new UnavailableError(
          `cannot clone branch "${branch}" of ${redact(remoteUrl)}: ${summarizeGitOutput(error.stderr)}`,
          { cause: error },
        );
      }
      const code = errorCode(error);
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') {
        throw new FailedPreconditionError(
          `gitops workdir ${workdir} exists and is not a git clone; remove it or choose another`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  private async fetch(): Promise<void> {
    try {
      await this.git.run(this.options.workdir, [
        'fetch',
        '--quiet',
        '--no-tags',
        'origin',
        `+refs/heads/${this.options.branch}:${this.remoteRef}`,
      ]);
    } catch (error) {
      if (!(error instanceof GitCommandError)) throw error;
      throw new UnavailableError(
        `cannot fetch branch "${this.options.branch}" from ${redact(this.options.remoteUrl)}: ` +
          summarizeGitOutput(error.timedOut ? 'timed out' : error.stderr),
        { cause: error },
      );
    }
  }

  /** A git command on the clone alone; its failure is a broken clone or a bug, not the remote. */
  private async local(args: readonly string[], input?: string): Promise<GitOutput> {
    try {
      return await this.git.run(this.options.workdir, args, input);
    } catch (error) {
      throw asPlatformError(error, `git ${args[0]} in ${this.options.workdir} failed`);
    }
  }
}

function asPlatformError(error: unknown, context: string): unknown {
  if (error instanceof PlatformError) return error;
  if (error instanceof GitCommandError) {
    return new InternalError(`${context}: ${summarizeGitOutput(error.stderr)}`, { cause: error });
  }
  return error;
}

function redact(url: string): string {
  return url.replace(/(\w+:\/\/)[^/@\s]+@/, '$1***@');
}
