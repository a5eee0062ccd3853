import { CHANNELS, type ChannelName, type DesiredState } from '@platform/gitops';
import { channelFreeze } from './freezes';
import { releaseIndex, type ReleaseState } from './release-state';

/** Why a channel stays where it is on a train. */
export type TrainBlocker =
  | 'fleet-frozen'
  | 'channel-frozen'
  | 'release-blocked'
  | 'no-newer-release'
  | 'not-one-step'
  | 'contract-gate';

/** What the train does to one channel. */
export interface ChannelTrainMove {
  channel: ChannelName;
  /** The channel's release before the train ('' when it has none yet). */
  from: string;
  /** Its release after the train; equals `from` unless `outcome` is `moved`. */
  to: string;
  outcome: 'moved' | 'blocked' | 'unchanged';
  blocker?: TrainBlocker;
  /** For humans: the freeze or block reason, the Spaces holding a contract back. */
  detail?: string;
}

/** A PoP following its channel one step on train day. */
export interface PopTrainMove {
  pop: string;
  from: string;
  to: string;
}

export interface TrainPlan {
  /** One entry per channel, prod first. */
  channels: ChannelTrainMove[];
  pops: PopTrainMove[];
}

/** Channels in the order the train reports them: the one furthest down the line first. */
const TRAIN_ORDER: readonly ChannelName[] = [...CHANNELS].reverse();

/**
 * The weekly train at `now`, computed from the state before it: prod ← staging's release,
 * staging ← dev's, dev ← the release published after dev's; a channel further behind the one
 * below it (after a freeze or a block) takes the release right after its own. Each channel moves
 * at most one step and only when nothing blocks it: a fleet or channel freeze, a blocked
 * incoming release, a channel below that is not ahead (after a rollback), or a contract migration while a Space
 * on the channel still runs a release older than the one that carried its expand. PoPs then
 * follow their channel's new release one step.
 */
export function planTrain(state: ReleaseState, now: Date): TrainPlan {
  const { desired } = state;
  const { chain } = releaseIndex(desired.releases);
  const current = (channel: ChannelName) => desired.channels.get(channel)?.spec.release ?? '';
  const incoming = (channel: ChannelName): string | undefined => {
    const below = CHANNELS[CHANNELS.indexOf(channel) - 1];
    const from = current(channel);
    if (below === undefined) return from === '' ? chain.oldest() : chain.next(from);
    const offered = current(below) || undefined;
    // A channel that stayed behind (frozen, blocked, gated) catches up one step per train
    // toward the channel below instead of waiting for a gap of exactly one, which never comes
    // back once the channel below has moved on.
    if (offered === undefined || from === '' || (chain.distance(from, offered) ?? 0) <= 1) {
      return offered;
    }
    return chain.next(from);
  };
  const channels = TRAIN_ORDER.map((channel) =>
    channelMove(state, channel, current(channel), incoming(channel), now),
  );
  const after = new Map(channels.map((move) => [move.channel, move.to]));
  return { channels, pops: popMoves(state, after, now) };
}

function channelMove(
  state: ReleaseState,
  channel: ChannelName,
  from: string,
  incoming: string | undefined,
  now: Date,
): ChannelTrainMove {
  const { desired } = state;
  const { chain } = releaseIndex(desired.releases);
  const stay = (blocker: TrainBlocker, detail: string): ChannelTrainMove => ({
    channel,
    from,
    to: from,
    outcome: 'blocked',
    blocker,
    detail,
  });
  if (incoming === undefined) {
    return channel === 'dev'
      ? stay('no-newer-release', `no release has been published after ${from || 'the first'}`)
      : stay('not-one-step', `the channel below ${channel} has no release`);
  }
  if (incoming === from) return { channel, from, to: from, outcome: 'unchanged' };
  const freeze = channelFreeze(state, channel, now);
  if (freeze !== undefined) {
    const what = freeze.scope === 'fleet' ? 'the fleet is frozen' : `${channel} is frozen`;
    return stay(
      freeze.scope === 'fleet' ? 'fleet-frozen' : 'channel-frozen',
      `${what}: ${freeze.freeze.reason}`,
    );
  }
  if (from !== '' && chain.distance(from, incoming) !== 1) {
    return stay('not-one-step', `${incoming} is not the release right after ${from}`);
  }
  const blocked = desired.releases.get(incoming)?.spec.blocked;
  if (blocked !== undefined)
    return stay('release-blocked', `${incoming} is blocked: ${blocked.reason}`);
  const held = contractHolds(desired, channel, incoming);
  if (held !== undefined) return stay('contract-gate', held);
  return { channel, from, to: incoming, outcome: 'moved' };
}

/**
 * Why a contract in `release` may not reach `channel` yet: a Space on the channel runs a
 * release older than the one that carried the matching expand. Undefined when nothing holds it.
 */
export function contractHolds(
  desired: DesiredState,
  channel: ChannelName,
  release: string,
): string | undefined {
  const { chain, migrations } = releaseIndex(desired.releases);
  for (const contract of migrations.contractsIn(release)) {
    const expandIndex = chain.indexOf(contract.expandRelease) ?? -1;
    const lagging: string[] = [];
    for (const [name, space] of desired.spaces) {
      if (space.spec.channel !== channel) continue;
      if ((chain.indexOf(space.spec.release) ?? Infinity) < expandIndex) lagging.push(name);
    }
    if (lagging.length > 0) {
      const named = lagging.sort().slice(0, 3).join(', ');
      const more = lagging.length > 3 ? ` and ${lagging.length - 3} more` : '';
      return `contract "${contract.migrationId}" in ${release} waits for Spaces older than ${contract.expandRelease} (which carries its expand): ${named}${more}`;
    }
  }
  return undefined;
}

function popMoves(
  state: ReleaseState,
  channelsAfter: ReadonlyMap<ChannelName, string>,
  now: Date,
): PopTrainMove[] {
  const { desired } = state;
  const { chain } = releaseIndex(desired.releases);
  const moves: PopTrainMove[] = [];
  for (const [name, pop] of [...desired.pops].sort(([a], [b]) => a.localeCompare(b))) {
    const target = channelsAfter.get(pop.spec.channel) ?? '';
    const from = pop.spec.release;
    if ((chain.distance(from, target) ?? 0) <= 0) continue;
    if (channelFreeze(state, pop.spec.channel, now) !== undefined) continue;
    const next = chain.next(from);
    if (next === undefined || desired.releases.get(next)?.spec.blocked !== undefined) continue;
    moves.push({ pop: name, from, to: next });
  }
  return moves;
}
