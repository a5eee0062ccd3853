import { CHANNELS, type ChannelName } from '@platform/gitops';
import { freezeHolds } from './freezes';
import { releaseIndex, type ReleaseState } from './release-state';
import type { Freeze } from '@platform/gitops';

/** A channel's release and how far its Spaces are behind it. */
export interface ChannelStatus {
  channel: ChannelName;
  release: string;
  /** The channel's own freeze while it holds. */
  frozen?: Freeze;
  current: number;
  oneBehind: number;
  furtherBehind: number;
}

/** Every channel (dev, staging, prod) with its Spaces counted by distance to its release. */
export function channelStatuses(state: ReleaseState, now: Date): ChannelStatus[] {
  const { chain } = releaseIndex(state.desired.releases);
  return CHANNELS.map((channel) => {
    const release = state.desired.channels.get(channel)?.spec.release ?? '';
    const own = state.desired.channels.get(channel)?.spec.frozen;
    const status: ChannelStatus = { channel, release, current: 0, oneBehind: 0, furtherBehind: 0 };
    if (freezeHolds(own, now)) status.frozen = own;
    for (const space of state.desired.spaces.values()) {
      if (space.spec.channel !== channel) continue;
      const behind = chain.distance(space.spec.release, release) ?? 0;
      if (behind <= 0) status.current += 1;
      else if (behind === 1) status.oneBehind += 1;
      else status.furtherBehind += 1;
    }
    return status;
  });
}
