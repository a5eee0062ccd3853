import type { Channel, ChannelName, Freeze, Release } from '@platform/gitops';
import type { PinMove, ReleaseState } from '@platform/release-planning';

/** Small immutable edits of a release state; each returns a new state and leaves the old one. */

export function withSpacePins(state: ReleaseState, moves: readonly PinMove[]): ReleaseState {
  if (moves.length === 0) return state;
  const spaces = new Map(state.desired.spaces);
  for (const move of moves) {
    const space = spaces.get(move.name);
    if (space !== undefined)
      spaces.set(move.name, { ...space, spec: { ...space.spec, release: move.to } });
  }
  return { ...state, desired: { ...state.desired, spaces } };
}

export function withPopPins(state: ReleaseState, moves: readonly PinMove[]): ReleaseState {
  if (moves.length === 0) return state;
  const pops = new Map(state.desired.pops);
  for (const move of moves) {
    const pop = pops.get(move.name);
    if (pop !== undefined) pops.set(move.name, { ...pop, spec: { ...pop.spec, release: move.to } });
  }
  return { ...state, desired: { ...state.desired, pops } };
}

export function withChannel(
  state: ReleaseState,
  name: ChannelName,
  edit: (spec: Channel['spec']) => Channel['spec'],
): ReleaseState {
  const channel = state.desired.channels.get(name);
  if (channel === undefined) return state;
  const channels = new Map(state.desired.channels);
  channels.set(name, { ...channel, spec: edit(channel.spec) });
  return { ...state, desired: { ...state.desired, channels } };
}

export function withRelease(state: ReleaseState, release: Release): ReleaseState {
  const releases = new Map(state.desired.releases);
  releases.set(release.metadata.name, release);
  return { ...state, desired: { ...state.desired, releases } };
}

export function withFleetFreeze(state: ReleaseState, freeze: Freeze | undefined): ReleaseState {
  const freezes = { ...state.freezes };
  if (freeze === undefined) delete freezes.fleet;
  else freezes.fleet = freeze;
  return { ...state, freezes };
}

export function withSpaceFreeze(
  state: ReleaseState,
  space: string,
  freeze: Freeze | undefined,
): ReleaseState {
  const spaces = new Map(state.freezes.spaces);
  if (freeze === undefined) spaces.delete(space);
  else spaces.set(space, freeze);
  return { ...state, freezes: { ...state.freezes, spaces } };
}
