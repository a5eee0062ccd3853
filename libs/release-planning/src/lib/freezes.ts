import type { ChannelName, Freeze } from '@platform/gitops';
import type { ReleaseState } from './release-state';

/** Which freeze stops something from moving. */
export type FreezeScope = 'fleet' | 'channel' | 'space';

export interface ActiveFreeze {
  scope: FreezeScope;
  freeze: Freeze;
}

/** Whether `freeze` holds at `now`: set, and `until` (when given) still ahead. */
export function freezeHolds(freeze: Freeze | undefined, now: Date): freeze is Freeze {
  if (freeze === undefined) return false;
  return freeze.until === undefined || now.getTime() < Date.parse(freeze.until);
}

/** The freeze that keeps `channel` from moving at `now` (the fleet's first), if any. */
export function channelFreeze(
  state: ReleaseState,
  channel: ChannelName,
  now: Date,
): ActiveFreeze | undefined {
  if (freezeHolds(state.freezes.fleet, now)) return { scope: 'fleet', freeze: state.freezes.fleet };
  const frozen = state.desired.channels.get(channel)?.spec.frozen;
  if (freezeHolds(frozen, now)) return { scope: 'channel', freeze: frozen };
  return undefined;
}

/** The freeze that keeps Space `name` from moving at `now`: the fleet's, its channel's or its own. */
export function spaceFreeze(
  state: ReleaseState,
  name: string,
  now: Date,
): ActiveFreeze | undefined {
  const space = state.desired.spaces.get(name);
  if (space === undefined) return undefined;
  const wider = channelFreeze(state, space.spec.channel, now);
  if (wider !== undefined) return wider;
  const own = state.freezes.spaces.get(name);
  return freezeHolds(own, now) ? { scope: 'space', freeze: own } : undefined;
}
