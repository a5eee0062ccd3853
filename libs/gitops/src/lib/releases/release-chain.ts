import type { Problem, Release } from '../model/desired-state';
import { documentPath } from '../parse/platform-paths';

const FIELD = 'spec.compatibleWith';

/**
 * The releases in the order their `compatibleWith` links put them, oldest first. Version
 * strings are names, never compared: `2026.10.0` may well follow `2026.9.0`.
 *
 * The chain starts at the one release without `compatibleWith`. Once old releases are pruned
 * from the tree, the oldest one left names a release that no longer exists; it then starts the
 * chain instead, provided no release lacks `compatibleWith` and no other link dangles.
 */
export class ReleaseChain {
  private readonly positions: ReadonlyMap<string, number>;

  private constructor(
    /** Every release on the chain, oldest first. */
    readonly versions: readonly string[],
  ) {
    this.positions = new Map(versions.map((version, index) => [version, index]));
  }

  /**
   * Orders `releases` and reports what keeps them from forming one chain (on the file of each
   * release concerned, field `spec.compatibleWith`). When they do not, the chain holds the
   * part that is unambiguous, possibly nothing, so callers skip the rest rather than guess.
   */
  static build(releases: ReadonlyMap<string, Release>): {
    chain: ReleaseChain;
    problems: Problem[];
  } {
    const problems: Problem[] = [];
    const report = (version: string, message: string) =>
      problems.push({ path: documentPath('Release', version), field: FIELD, message });

    const roots: string[] = [];
    const dangling: string[] = [];
    const successors = new Map<string, string[]>();
    for (const [version, release] of releases) {
      const predecessor = release.spec.compatibleWith;
      if (predecessor === undefined) roots.push(version);
      else if (!releases.has(predecessor)) dangling.push(version);
      else {
        const followers = successors.get(predecessor);
        if (followers === undefined) successors.set(predecessor, [version]);
        else followers.push(version);
      }
    }

    let start: string | undefined;
    if (roots.length > 1) {
      for (const root of roots) {
        report(
          root,
          `missing: only the first release may omit it, and ${roots.length} do (${roots.join(', ')})`,
        );
      }
    } else if (roots.length === 1) {
      start = roots[0];
    } else if (dangling.length === 1) {
      start = dangling[0];
    }
    for (const version of dangling) {
      if (version === start) continue;
      report(version, `release "${releases.get(version)?.spec.compatibleWith}" does not exist`);
    }
    for (const [predecessor, followers] of successors) {
      if (followers.length < 2) continue;
      for (const follower of followers) {
        report(
          follower,
          `"${predecessor}" is followed by ${followers.length} releases (${followers.join(', ')}): the chain may not branch`,
        );
      }
    }
    problems.push(...cycleProblems(releases, [...roots, ...dangling], successors));

    const versions: string[] = [];
    for (let version = start; version !== undefined;) {
      versions.push(version);
      const next: string[] = successors.get(version) ?? [];
      version = next.length === 1 ? next[0] : undefined;
    }
    return { chain: new ReleaseChain(versions), problems };
  }

  /** The chain of `releases`, ignoring what is wrong with it (the head check reports that). */
  static of(releases: ReadonlyMap<string, Release>): ReleaseChain {
    return ReleaseChain.build(releases).chain;
  }

  /** Whether `version` is on the chain. */
  has(version: string): boolean {
    return this.positions.has(version);
  }

  /** The position of `version` on the chain (0 is the oldest), undefined when it is not on it. */
  indexOf(version: string): number | undefined {
    return this.positions.get(version);
  }

  /** The newest release, undefined for an empty chain. */
  newest(): string | undefined {
    return this.versions[this.versions.length - 1];
  }

  /** The oldest release, undefined for an empty chain. */
  oldest(): string | undefined {
    return this.versions[0];
  }

  /** The release after `version`, undefined when it is the newest or not on the chain. */
  next(version: string): string | undefined {
    const index = this.positions.get(version);
    return index === undefined ? undefined : this.versions[index + 1];
  }

  /** The release before `version`, undefined when it is the oldest or not on the chain. */
  previous(version: string): string | undefined {
    const index = this.positions.get(version);
    return index === undefined || index === 0 ? undefined : this.versions[index - 1];
  }

  /**
   * Steps from `from` to `to`: positive forward, negative back, undefined when either is not on
   * the chain. A move is allowed when its absolute value is at most 1.
   */
  distance(from: string, to: string): number | undefined {
    const a = this.positions.get(from);
    const b = this.positions.get(to);
    return a === undefined || b === undefined ? undefined : b - a;
  }

  /** Whether `ancestor` comes strictly before `descendant` on the chain. */
  isAncestor(ancestor: string, descendant: string): boolean {
    const steps = this.distance(ancestor, descendant);
    return steps !== undefined && steps > 0;
  }

  /**
   * The releases a forward move from `from` to `to` reaches: after `from`, up to and including
   * `to`. Empty for a move back, no move, or versions off the chain.
   */
  reachedMovingForward(from: string, to: string): readonly string[] {
    const a = this.positions.get(from);
    const b = this.positions.get(to);
    if (a === undefined || b === undefined || b <= a) return [];
    return this.versions.slice(a + 1, b + 1);
  }
}

/**
 * Releases that no start reaches sit on, or hang off, a `compatibleWith` cycle; each release on
 * a cycle gets one problem that spells the cycle out from itself.
 */
function cycleProblems(
  releases: ReadonlyMap<string, Release>,
  starts: readonly string[],
  successors: ReadonlyMap<string, readonly string[]>,
): Problem[] {
  const reached = new Set<string>();
  const pending = [...starts];
  for (let version = pending.pop(); version !== undefined; version = pending.pop()) {
    reached.add(version);
    pending.push(...(successors.get(version) ?? []));
  }
  const onCycle: string[][] = [];
  const settled = new Set<string>(reached);
  for (const first of releases.keys()) {
    if (settled.has(first)) continue;
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let version: string | undefined = first;
    while (version !== undefined && !settled.has(version) && !onPath.has(version)) {
      onPath.set(version, path.length);
      path.push(version);
      version = releases.get(version)?.spec.compatibleWith;
    }
    if (version !== undefined && onPath.has(version)) {
      onCycle.push(path.slice(onPath.get(version)));
    }
    for (const visited of path) settled.add(visited);
  }
  return onCycle.flatMap((cycle) =>
    cycle.map((version, index) => {
      const fromHere = [...cycle.slice(index), ...cycle.slice(0, index), version];
      return {
        path: documentPath('Release', version),
        field: FIELD,
        message: `compatibleWith forms a cycle: ${fromHere.join(' → ')}`,
      };
    }),
  );
}
