import { InvalidArgumentError } from '@platform/errors';
import { resolve } from 'node:path';
import { hasControlCharacter } from './control-characters';
import type { BackoffPolicy } from './retry/backoff';
import { normalizeTreeDir } from './tree/tree-path';

export interface GitopsStoreOptions {
  /** URL (or absolute path) of the gitops remote. */
  remoteUrl: string;
  /** The branch that holds the desired state, for example `main`. */
  branch: string;
  /** The folder of the repository the store reads and writes, for example `gitops`; `''` for the root. */
  subdirectory: string;
  /** Path of the local clone. The store owns it: it is cloned when missing and reset at will. */
  workdir: string;
  /** Author and committer of the store's commits. */
  author: { name: string; email: string };
  /** How many times `commit` applies and pushes before giving up with a ConflictError. Default 5. */
  maxAttempts?: number;
  /** Wait between attempts. Default `{ baseMs: 50, maxMs: 2000 }`. */
  backoff?: BackoffPolicy;
  /** A git command running longer than this is killed (a hung remote). Default 120 000. */
  gitTimeoutMs?: number;
  /**
   * Changes that wait while a commit is in progress go out together: one commit each, chained,
   * and one push for all of them. At most this many per push. Default 16; 1 pushes each alone.
   */
  maxCommitsPerPush?: number;
  /**
   * Fetch before every commit (true), or build on the last synced head and fetch only when the
   * push loses to another writer (false: one fetch fewer per commit for a mostly-single writer).
   * Default true.
   */
  fetchBeforeCommit?: boolean;
}

export interface ResolvedGitopsStoreOptions {
  remoteUrl: string;
  branch: string;
  subdirectory: string;
  workdir: string;
  author: { name: string; email: string };
  maxAttempts: number;
  backoff: BackoffPolicy;
  gitTimeoutMs: number;
  maxCommitsPerPush: number;
  fetchBeforeCommit: boolean;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 50, maxMs: 2000 };
export const DEFAULT_GIT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_COMMITS_PER_PUSH = 16;

// A conservative subset of what `git check-ref-format --branch` accepts.
const BRANCH = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[A-Za-z0-9._/-]+(?<![/.])(?<!\.lock)$/;

/** Whether `name` is a branch name the store accepts (a conservative subset of git's rules). */
export function isBranchName(name: unknown): name is string {
  return typeof name === 'string' && BRANCH.test(name);
}

/** Validates the options once, naming the bad field (`gitopsStore.<field>`). */
export function resolveGitopsStoreOptions(options: GitopsStoreOptions): ResolvedGitopsStoreOptions {
  const field = (name: string) => `gitopsStore.${name}`;
  if (typeof options.remoteUrl !== 'string' || options.remoteUrl.trim() === '') {
    throw new InvalidArgumentError(field('remoteUrl'), 'must not be empty');
  }
  if (options.remoteUrl.startsWith('-')) {
    throw new InvalidArgumentError(field('remoteUrl'), 'must not start with "-"');
  }
  if (!isBranchName(options.branch)) {
    throw new InvalidArgumentError(
      field('branch'),
      `"${String(options.branch)}" is not a valid branch name`,
    );
  }
  if (typeof options.workdir !== 'string' || options.workdir === '') {
    throw new InvalidArgumentError(field('workdir'), 'must not be empty');
  }
  for (const part of ['name', 'email'] as const) {
    const value = options.author?.[part];
    if (
      typeof value !== 'string' ||
      value.trim() === '' ||
      /[<>]/.test(value) ||
      hasControlCharacter(value)
    ) {
      throw new InvalidArgumentError(
        field(`author.${part}`),
        'must be one line without "<" or ">"',
      );
    }
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new InvalidArgumentError(
      field('maxAttempts'),
      `expected a whole number of at least 1, got ${maxAttempts}`,
    );
  }
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  if (!(backoff.baseMs >= 0) || !(backoff.maxMs >= backoff.baseMs)) {
    throw new InvalidArgumentError(field('backoff'), 'expected 0 <= baseMs <= maxMs');
  }
  const gitTimeoutMs = options.gitTimeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  if (!(gitTimeoutMs > 0)) {
    throw new InvalidArgumentError(
      field('gitTimeoutMs'),
      'must be a positive number of milliseconds',
    );
  }
  const maxCommitsPerPush = options.maxCommitsPerPush ?? DEFAULT_MAX_COMMITS_PER_PUSH;
  if (!Number.isInteger(maxCommitsPerPush) || maxCommitsPerPush < 1) {
    throw new InvalidArgumentError(
      field('maxCommitsPerPush'),
      `expected a whole number of at least 1, got ${maxCommitsPerPush}`,
    );
  }
  return {
    maxCommitsPerPush,
    fetchBeforeCommit: options.fetchBeforeCommit ?? true,
    remoteUrl: options.remoteUrl,
    branch: options.branch,
    subdirectory: normalizeTreeDir(options.subdirectory ?? '', field('subdirectory')),
    workdir: resolve(options.workdir),
    author: { name: options.author.name.trim(), email: options.author.email.trim() },
    maxAttempts,
    backoff: { baseMs: backoff.baseMs, maxMs: backoff.maxMs },
    gitTimeoutMs,
  };
}
