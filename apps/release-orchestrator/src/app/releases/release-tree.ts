import { FailedPreconditionError } from '@platform/errors';
import {
  documentPath,
  PLATFORM_DIR,
  ParsedFileCache,
  parseGitopsTree,
  renderParts,
  type ChannelName,
  type PlatformDocument,
  type Pop,
  type Space,
} from '@platform/gitops';
import type { FileChanges, ReadonlyTree } from '@platform/gitops-store';
import type { ReleaseState } from '@platform/release-planning';
import { documentText } from '@platform/gitops';
import { withReleasePin } from './document-text';
import {
  FREEZES_PATH,
  SCHEDULE_PATH,
  freezesText,
  parseFreezes,
  parseSchedule,
  scheduleText,
  type ScheduleRecord,
} from './orchestrator-files';

/** What a change touched, and the state it leaves. */
export interface StateChange {
  after: ReleaseState;
  /** Spaces whose document changed (their rendered folder follows). */
  spaces?: readonly string[];
  pops?: readonly string[];
  channels?: readonly ChannelName[];
  /** Release documents written (published or blocked). */
  releases?: readonly string[];
  freezes?: boolean;
  schedule?: ScheduleRecord;
}

/**
 * Reads the release state of a gitops tree and writes changes to it: documents edited in place
 * (comments kept), the rendered files that change in the folders of the Spaces and PoPs touched
 * and in Central's folder when prod moved (Central runs prod's release), and the orchestrator's own files. Parsed files are
 * remembered by their text, so each tick parses only what changed since the last one.
 */
export class ReleaseTree {
  private readonly cache = new ParsedFileCache();

  /**
   * @throws FailedPreconditionError when the tree has problems: the orchestrator does not move
   *   releases on a broken main branch.
   */
  async stateOf(tree: ReadonlyTree): Promise<ReleaseState> {
    const parsed = parseGitopsTree(await tree.readAll(PLATFORM_DIR), this.cache);
    const [first] = parsed.problems;
    if (first !== undefined) {
      throw new FailedPreconditionError(
        `the gitops repository has ${parsed.problems.length} problem(s) to fix first, e.g. ${first.path}: ${first.field}: ${first.message}`,
      );
    }
    return { desired: parsed.state, freezes: parseFreezes(await tree.readFile(FREEZES_PATH)) };
  }

  async scheduleOf(tree: ReadonlyTree): Promise<ScheduleRecord> {
    return parseSchedule(await tree.readFile(SCHEDULE_PATH));
  }

  /**
   * The files `change` writes on `tree`, whose release state is `before`. Of the rendered folders
   * of the Spaces and PoPs touched, only the files whose render differs between `before` and the
   * change's state are written (or deleted): a release step changes a few files of a Space's
   * folder, and a tick that moves thousands of Spaces should not rewrite the rest. This relies on
   * `rendered/` being the render of `platform/`, which the checker holds every commit to.
   */
  async filesFor(
    tree: ReadonlyTree,
    before: ReleaseState,
    change: StateChange,
  ): Promise<FileChanges> {
    const { desired } = change.after;
    const files = new Map<string, string | null>();
    const writeDocument = async (document: PlatformDocument | undefined, path: string) => {
      if (document !== undefined)
        files.set(path, documentText(document, await tree.readFile(path)));
    };
    for (const name of change.releases ?? []) {
      await writeDocument(desired.releases.get(name), documentPath('Release', name));
    }
    for (const name of change.channels ?? []) {
      await writeDocument(desired.channels.get(name), documentPath('Channel', name));
    }
    // A pin that is all that changed is edited on its line; anything else goes through YAML.
    const writePinned = async (
      was: PinnedDocument | undefined,
      is: PinnedDocument | undefined,
      path: string,
    ) => {
      if (was !== undefined && is !== undefined && onlyPinDiffers(was, is)) {
        const existing = await tree.readFile(path);
        const text =
          existing === undefined
            ? undefined
            : withReleasePin(existing, was.spec.release, is.spec.release);
        if (text !== undefined) {
          files.set(path, text);
          return;
        }
      }
      await writeDocument(is, path);
    };
    await Promise.all(
      (change.spaces ?? []).map((name) =>
        writePinned(
          before.desired.spaces.get(name),
          desired.spaces.get(name),
          documentPath('Space', name),
        ),
      ),
    );
    for (const name of change.pops ?? []) {
      await writePinned(
        before.desired.pops.get(name),
        desired.pops.get(name),
        documentPath('Pop', name),
      );
    }
    const parts = {
      spaces: change.spaces ?? [],
      pops: change.pops ?? [],
      central: (change.channels ?? []).includes('prod'),
    };
    const was = renderParts(before.desired, parts);
    const is = renderParts(desired, parts);
    for (const [path, text] of is) if (was.get(path) !== text) files.set(path, text);
    for (const path of was.keys()) if (!is.has(path)) files.set(path, null);
    if (change.freezes) files.set(FREEZES_PATH, freezesText(change.after.freezes));
    if (change.schedule) files.set(SCHEDULE_PATH, scheduleText(change.schedule));
    return files;
  }
}

type PinnedDocument = Space | Pop;

/** Whether `is` is `was` with another release pin and nothing else changed. */
function onlyPinDiffers(was: PinnedDocument, is: PinnedDocument): boolean {
  if (was.spec.release === is.spec.release) return false;
  return (
    JSON.stringify({ ...is, spec: { ...is.spec, release: was.spec.release } }) ===
    JSON.stringify(was)
  );
}
