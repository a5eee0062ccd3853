import type { commonV1alpha1 as common, controlPlaneV1alpha1 as api } from '@platform/contracts';
import { channels, clouds, days, directiveKinds, failoverSides, tiers } from './fleet-vocabulary';

/*
 * The contract's messages as platformctl prints them: enum values as the words operators type,
 * timestamps as ISO 8601, and a mutation's ChangeResult with its `commit`. JSON and YAML print
 * these whole; tables pick from them.
 */

export interface PopView {
  name: string;
  cloud: string;
  region: string;
  channel: string;
  release: string;
}

export interface MaintenanceWindowView {
  day: string;
  start: string;
  timeZone: string;
  durationMinutes: number;
}

export interface AddOnsView {
  pci: boolean;
  geoFailover?: { secondaryPop: string; active: string };
}

export interface PendingDirectiveView {
  id: string;
  kind: string;
  issuedAt?: string;
  emergency: boolean;
}

export interface SpaceView {
  name: string;
  pop: string;
  tier: string;
  channel: string;
  release: string;
  maintenanceWindow?: MaintenanceWindowView;
  addOns: AddOnsView;
  pendingDirectives: PendingDirectiveView[];
  frozen?: { reason: string; until?: string };
}

export interface ChangeView {
  /** The gitops commit that records the change. */
  commit: string;
  directiveIds: string[];
}

export function popView(pop: api.Pop): PopView {
  return {
    name: pop.name,
    cloud: clouds.toWord(pop.cloud),
    region: pop.region,
    channel: channels.toWord(pop.channel),
    release: pop.release,
  };
}

export function spaceView(space: api.Space): SpaceView {
  const window = space.maintenanceWindow;
  const geo = space.addOns?.geoFailover;
  return {
    name: space.name,
    pop: space.pop,
    tier: tiers.toWord(space.tier),
    channel: channels.toWord(space.channel),
    release: space.release,
    ...(window ? { maintenanceWindow: windowView(window) } : {}),
    addOns: {
      pci: space.addOns?.pci ?? false,
      ...(geo
        ? {
            geoFailover: {
              secondaryPop: geo.secondaryPop,
              active: failoverSides.toWord(geo.active),
            },
          }
        : {}),
    },
    pendingDirectives: space.pendingDirectives.map((directive) => ({
      id: directive.id,
      kind: directiveKinds.toWord(directive.kind),
      ...(directive.issuedAt ? { issuedAt: isoTime(directive.issuedAt) } : {}),
      emergency: directive.emergency,
    })),
    ...(space.frozen
      ? {
          frozen: {
            reason: space.frozen.reason,
            ...(space.frozen.until ? { until: isoTime(space.frozen.until) } : {}),
          },
        }
      : {}),
  };
}

export function windowView(window: common.MaintenanceWindow): MaintenanceWindowView {
  return {
    day: days.toWord(window.day),
    start: window.start,
    timeZone: window.timeZone,
    durationMinutes: window.durationMinutes,
  };
}

export function changeView(change: common.ChangeResult): ChangeView {
  return { commit: change.gitCommit, directiveIds: change.directiveIds };
}

/** A protobuf Timestamp (seconds arrive as a string: 64-bit) as `2025-01-31T02:00:00.000Z`. */
export function isoTime(timestamp: { seconds: string; nanos: number }): string {
  return new Date(
    Number(timestamp.seconds) * 1000 + Math.floor(timestamp.nanos / 1e6),
  ).toISOString();
}

/** A message field the contract always sets; its absence is a server bug worth one clear line. */
export function present<Value>(value: Value | undefined, field: string): Value {
  if (value === undefined) throw new Error(`the control plane answered without \`${field}\``);
  return value;
}
