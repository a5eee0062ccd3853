import { FailedPreconditionError } from '@platform/errors';
import {
  documentPath,
  PLATFORM_DIR,
  ParsedFileCache,
  parseGitopsTree,
  renderParts,
  renderedPopFolder,
  renderedSpaceFolder,
  type DesiredState,
  type Pop,
  type Space,
} from '@platform/gitops';
import type { FileChanges, ReadonlyTree } from '@platform/gitops-store';
import { documentText } from '@platform/gitops';

/** A change to one PoP or Space document: the document before and after (absent: created or deleted). */
export type DocumentChange =
  | { kind: 'Space'; name: string; before?: Space; after?: Space }
  | { kind: 'Pop'; name: string; before?: Pop; after?: Pop };

/**
 * Reads and writes the desired state of a gitops tree for the control plane. Parsed files are
 * remembered by their text, so each change parses only what changed since the last one.
 */
export class FleetTree {
  private readonly cache = new ParsedFileCache();

  /**
   * The desired state of `tree`.
   *
   * @throws FailedPreconditionError when the tree itself has problems: the control plane does
   *   not build on a broken main branch (its change could hide or spread the breakage).
   */
  async stateOf(tree: ReadonlyTree): Promise<DesiredState> {
    const files = await tree.readAll(PLATFORM_DIR);
    const parsed = parseGitopsTree(files, this.cache);
    const [first] = parsed.problems;
    if (first !== undefined) {
      throw new FailedPreconditionError(
        `the gitops repository has ${parsed.problems.length} problem(s) to fix first, e.g. ${first.path}: ${first.field}: ${first.message}`,
      );
    }
    return parsed.state;
  }

  /**
   * The files a change writes: the document (edited in place, comments kept), and the parts of
   * the generated tree it touches, rendered again from the new state (a Space's folder and
   * `argocd/`; for a PoP also `rendered/central/`). A deleted document's folder goes.
   */
  async filesFor(
    tree: ReadonlyTree,
    state: DesiredState,
    change: DocumentChange,
  ): Promise<FileChanges> {
    const next = withChange(state, change);
    const path = documentPath(change.kind, change.name);
    const files = new Map<string, string | null>();
    files.set(
      path,
      change.after === undefined ? null : documentText(change.after, await tree.readFile(path)),
    );
    if (change.kind === 'Space') {
      files.set(renderedSpaceFolder(change.name), null);
      addAll(files, renderParts(next, { spaces: [change.name], argocd: true }));
    } else {
      files.set(renderedPopFolder(change.name), null);
      addAll(files, renderParts(next, { pops: [change.name], central: true, argocd: true }));
    }
    return files;
  }
}

/** `state` with the change made. */
export function withChange(state: DesiredState, change: DocumentChange): DesiredState {
  if (change.kind === 'Space') {
    const spaces = new Map(state.spaces);
    if (change.after === undefined) spaces.delete(change.name);
    else spaces.set(change.name, change.after);
    return { ...state, spaces };
  }
  const pops = new Map(state.pops);
  if (change.after === undefined) pops.delete(change.name);
  else pops.set(change.name, change.after);
  return { ...state, pops };
}

function addAll(target: Map<string, string | null>, source: ReadonlyMap<string, string>): void {
  for (const [path, text] of source) target.set(path, text);
}
