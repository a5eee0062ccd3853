import type { Space } from '@platform/gitops';
import { spaceFreeze } from './freezes';
import { releaseIndex, type ReleaseState } from './release-state';

/**
 * The release `space` moves to in a window at `at` when it runs `running`: the one right after
 * it, provided it is behind its channel, not frozen, and that release is not blocked.
 * Undefined when the window brings no step.
 */
export function nextStep(
  state: ReleaseState,
  space: Space,
  running: string,
  at: Date,
): string | undefined {
  const { desired } = state;
  const { chain } = releaseIndex(desired.releases);
  const offered = desired.channels.get(space.spec.channel)?.spec.release;
  if (offered === undefined || (chain.distance(running, offered) ?? 0) <= 0) return undefined;
  if (spaceFreeze(state, space.metadata.name, at) !== undefined) return undefined;
  const next = chain.next(running);
  if (next === undefined || desired.releases.get(next)?.spec.blocked !== undefined)
    return undefined;
  return next;
}
