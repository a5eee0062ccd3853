import { FailedPreconditionError } from '@platform/errors';
import {
  documentPath,
  PLATFORM_DIR,
  ParsedFileCache,
  parseGitopsTree,
  renderParts,
  renderedPopFolder,
  renderedSpaceFolder,
  type ChannelName,
  type PlatformDocument,
} from '@platform/gitops';
import type { FileChanges, ReadonlyTree } from '@platform/gitops-store';
import type { ReleaseState } from '@platform/release-planning';
import { documentText } from './document-text';
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
 * (comments kept), the rendered folders of the Spaces and PoPs touched, Central's folder when
 * prod moved (Central runs prod's release), and the orchestrator's own files. Parsed files are
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

  async filesFor(tree: ReadonlyTree, change: StateChange): Promise<FileChanges> {
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
    await Promise.all(
      (change.spaces ?? []).map((name) =>
        writeDocument(desired.spaces.get(name), documentPath('Space', name)),
      ),
    );
    for (const name of change.pops ?? []) {
      await writeDocument(desired.pops.get(name), documentPath('Pop', name));
    }
    for (const name of change.spaces ?? []) files.set(renderedSpaceFolder(name), null);
    for (const name of change.pops ?? []) files.set(renderedPopFolder(name), null);
    const rendered = renderParts(desired, {
      spaces: change.spaces ?? [],
      pops: change.pops ?? [],
      central: (change.channels ?? []).includes('prod'),
    });
    for (const [path, text] of rendered) files.set(path, text);
    if (change.freezes) files.set(FREEZES_PATH, freezesText(change.after.freezes));
    if (change.schedule) files.set(SCHEDULE_PATH, scheduleText(change.schedule));
    return files;
  }
}
