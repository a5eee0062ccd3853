import type { CommitTrailer } from './commit-message';

/**
 * What a change writes, keyed by a path relative to the store's subdirectory: the new text of
 * a file, or `null` to delete it. A key ending in `/` with `null` deletes that folder and
 * everything under it (for example a Space's rendered folder); files of the same change that
 * lie inside such a folder are written after the deletion, so "drop the folder and render it
 * again" is one change.
 */
export type FileChanges = ReadonlyMap<string, string | null>;

/** Read access to the gitops tree, relative to the store's subdirectory. */
export interface ReadonlyTree {
  /** The text of a file, or `undefined` when there is no such file. */
  readFile(path: string): Promise<string | undefined>;
  /** Every file under `dir` (recursively), as paths relative to the subdirectory, sorted; `[]` when `dir` does not exist. */
  listFiles(dir?: string): Promise<string[]>;
  /** Every file under the folder `prefix` with its text, keyed and ordered like {@link listFiles}. */
  readAll(prefix?: string): Promise<Map<string, string>>;
}

/** One change to the desired state: becomes exactly one commit. */
export interface GitopsChange {
  /** What happened, for example `space.create`; recorded as the `Platform-Operation` trailer. */
  operation: string;
  /** Who asked, for example a SPIFFE ID; recorded as the `Platform-Actor` trailer. */
  actor: string;
  /** The caller's idempotency key; recorded as the `Platform-Request-Id` trailer. */
  requestId: string;
  /** The commit message without trailers; its first line is the summary. */
  message: string;
  /**
   * Trailers of the change's own after the store's three, e.g. `['Platform-Spaces-Moved', '12']`,
   * so `git log --format=%(trailers)` can count what a commit did without parsing its body.
   */
  trailers?: readonly CommitTrailer[];
  /**
   * Computes the files to write from the freshly synced tree. It runs again on the new remote
   * head whenever another writer pushed first, so it must derive everything from `tree` and
   * have no other side effects. Whatever it throws reaches the caller unchanged.
   */
  apply: (tree: ReadonlyTree) => Promise<FileChanges> | FileChanges;
}

export interface CommitResult {
  /** The pushed commit, or the current head when nothing changed. */
  commit: string;
  /** False when `apply` asked for what the tree already held; then no commit was made. */
  changed: boolean;
  /** How many times `apply` ran (1 when nobody else pushed in between). */
  attempts: number;
}

/** What {@link GitopsStore.commitToBranch} did. */
export interface BranchCommitResult {
  /** The commit at the head of `branch`; the store branch's head when nothing changed. */
  commit: string;
  branch: string;
  /** False when `apply` asked for what the tree already held: no commit, no branch. */
  changed: boolean;
  /** False when the branch already held this request's commit (a retry): nothing was pushed. */
  created: boolean;
}
