import { FailedPreconditionError, NotFoundError } from '@platform/errors';
import type { ChannelName } from '@platform/gitops';
import { releaseIndex, type ReleaseState } from './release-state';

/** One pin moving from one release to another. */
export interface PinMove {
  name: string;
  from: string;
  to: string;
}

/** What a rollback moves back one step, at once (emergency: no window, freezes ignored). */
export interface RollbackPlan {
  /** The channel moved back; absent for a single Space's rollback. */
  channel?: { channel: ChannelName; from: string; to: string };
  spaces: PinMove[];
  pops: PinMove[];
}

/**
 * Rolls `channel` back one step: the channel, and every Space and PoP of it that runs the
 * channel's release, move to the release before it.
 *
 * @throws FailedPreconditionError when the channel has no release, the release has no
 *   predecessor, the predecessor is blocked, or the step back crosses a contract migration
 */
export function planChannelRollback(state: ReleaseState, channel: ChannelName): RollbackPlan {
  const { desired } = state;
  const from = desired.channels.get(channel)?.spec.release;
  if (from === undefined)
    throw new FailedPreconditionError(`channel "${channel}" has no release to roll back`);
  const to = stepBack(state, from, `channel "${channel}"`);
  const spaces: PinMove[] = [];
  for (const [name, space] of desired.spaces) {
    if (space.spec.channel === channel && space.spec.release === from)
      spaces.push({ name, from, to });
  }
  const pops: PinMove[] = [];
  for (const [name, pop] of desired.pops) {
    if (pop.spec.channel === channel && pop.spec.release === from) pops.push({ name, from, to });
  }
  return { channel: { channel, from, to }, spaces: byName(spaces), pops: byName(pops) };
}

/**
 * Rolls one Space back one step; its channel stays, so its next window moves it forward again
 * unless it is frozen or the release is blocked.
 *
 * @throws NotFoundError for an unknown Space
 * @throws FailedPreconditionError as {@link planChannelRollback}
 */
export function planSpaceRollback(state: ReleaseState, name: string): RollbackPlan {
  const space = state.desired.spaces.get(name);
  if (space === undefined) throw new NotFoundError(`Space "${name}" does not exist`);
  const from = space.spec.release;
  return { spaces: [{ name, from, to: stepBack(state, from, `Space "${name}"`) }], pops: [] };
}

function stepBack(state: ReleaseState, from: string, what: string): string {
  const { desired } = state;
  const { chain, migrations } = releaseIndex(desired.releases);
  const to = chain.previous(from);
  if (to === undefined) {
    throw new FailedPreconditionError(
      `${what} runs ${from}, which has no earlier release to roll back to`,
    );
  }
  const [contract] = migrations.contractsIn(from);
  if (contract !== undefined) {
    throw new FailedPreconditionError(
      `${what} cannot roll back from ${from} to ${to}: ${from} carries contract "${contract.migrationId}", which removed what ${to} needs; roll forward with a fix instead`,
    );
  }
  const blocked = desired.releases.get(to)?.spec.blocked;
  if (blocked !== undefined) {
    throw new FailedPreconditionError(
      `${what} cannot roll back to ${to}: it is blocked (${blocked.reason})`,
    );
  }
  return to;
}

function byName(moves: PinMove[]): PinMove[] {
  return moves.sort((a, b) => a.name.localeCompare(b.name));
}
