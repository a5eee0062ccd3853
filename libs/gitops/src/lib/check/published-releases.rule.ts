import type { DesiredState, GitopsFiles, Problem } from '../model/desired-state';
import type { ParsedTree } from '../parse/parse-desired-state';
import { classifyPath } from '../parse/platform-paths';
import { dottedPath } from '../parse/zod-problems';
import { namedList } from './named-list';

const BLOCKED = 'spec.blocked';

/**
 * A release published at the base commit is never edited, and never deleted while anything in
 * the head pins it. The one edit allowed is blocking it: `spec.blocked` may be added and its
 * reason reworded, but not removed (unblocking would let a release known to be bad spread
 * again; publish a fixed release instead). Values are compared, not text, so comments and
 * formatting may change.
 */
export function checkPublishedReleases(
  base: ParsedTree,
  head: ParsedTree,
  headFiles: GitopsFiles,
): Problem[] {
  const problems: Problem[] = [];
  const pinners = pinnersByRelease(head.state);
  for (const [path, published] of base.documents) {
    const place = classifyPath(path);
    if (place.role !== 'document' || place.kind !== 'Release') continue;
    if (!headFiles.has(path)) {
      const pinnedBy = pinners.get(place.name);
      if (pinnedBy !== undefined) {
        problems.push({
          path,
          field: '-',
          message: `published release deleted while ${namedList(pinnedBy)} ${pinnedBy.length === 1 ? 'pins' : 'pin'} it`,
        });
      }
      continue;
    }
    // An unreadable head file has its own YAML problems; there is nothing to compare yet.
    if (!head.documents.has(path)) continue;
    for (const segments of changedFields(published, head.documents.get(path))) {
      const field = dottedPath(segments);
      if (field === BLOCKED || field.startsWith(`${BLOCKED}.`)) {
        if (hasBlocked(head.documents.get(path))) continue;
        problems.push({
          path,
          field: BLOCKED,
          message: 'a blocked release stays blocked: publish a fixed release instead',
        });
      } else {
        problems.push({
          path,
          field,
          message: 'published releases are immutable: publish a new release instead',
        });
      }
    }
  }
  return problems;
}

function pinnersByRelease(state: DesiredState): Map<string, string[]> {
  const pinners = new Map<string, string[]>();
  const add = (release: string, who: string) => {
    const list = pinners.get(release);
    if (list === undefined) pinners.set(release, [who]);
    else list.push(who);
  };
  for (const [name, channel] of state.channels) add(channel.spec.release, `channel "${name}"`);
  for (const [name, pop] of state.pops) add(pop.spec.release, `PoP "${name}"`);
  for (const [name, space] of state.spaces) add(space.spec.release, `Space "${name}"`);
  return pinners;
}

function hasBlocked(document: unknown): boolean {
  const spec = (document as { spec?: { blocked?: unknown } } | null)?.spec;
  return spec !== null && typeof spec === 'object' && spec.blocked !== undefined;
}

/** The deepest paths at which two plain YAML values differ (a list compares index by index). */
function changedFields(before: unknown, after: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  if (
    isCollection(before) &&
    isCollection(after) &&
    Array.isArray(before) === Array.isArray(after)
  ) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((key) =>
      changedFields(
        (before as Record<string, unknown>)[key],
        (after as Record<string, unknown>)[key],
        [...at, key],
      ),
    );
  }
  return Object.is(before, after) ? [] : [at];
}

function isCollection(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}
