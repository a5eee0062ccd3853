import {
  API_VERSION,
  DEFAULT_SETTINGS,
  type Channel,
  type ChannelName,
  type DesiredState,
  type Freeze,
  type MaintenanceWindow,
  type Migration,
  type Pop,
  type Release,
  type Space,
} from '@platform/gitops';
import type { FleetFreezes, ReleaseState } from '../lib/release-state';

/** Test fixtures for the release rules: small fleets built in code, no files. */

export const VERSIONS = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'] as const;

export function release(
  version: string,
  compatibleWith: string | undefined,
  extra: { migrations?: Migration[]; blocked?: string } = {},
): Release {
  return {
    apiVersion: API_VERSION,
    kind: 'Release',
    metadata: { name: version },
    spec: {
      ...(compatibleWith === undefined ? {} : { compatibleWith }),
      components: { api: `registry.example.com/api@sha256:${'a'.repeat(64)}` },
      migrations: extra.migrations ?? [],
      ...(extra.blocked === undefined ? {} : { blocked: { reason: extra.blocked } }),
    },
  };
}

/** A linked chain of `versions`, with per-version extras. */
export function chainOf(
  versions: readonly string[],
  extras: Record<string, { migrations?: Migration[]; blocked?: string }> = {},
): Map<string, Release> {
  return new Map(
    versions.map((version, i) => [version, release(version, versions[i - 1], extras[version])]),
  );
}

export function channel(name: ChannelName, releaseVersion: string, frozen?: Freeze): Channel {
  return {
    apiVersion: API_VERSION,
    kind: 'Channel',
    metadata: { name },
    spec: frozen === undefined ? { release: releaseVersion } : { release: releaseVersion, frozen },
  };
}

export const UTC_SUNDAY: MaintenanceWindow = {
  day: 'sunday',
  start: '02:00',
  timeZone: 'UTC',
  durationMinutes: 240,
};

export function space(
  name: string,
  spec: Partial<Omit<Space['spec'], 'maintenanceWindow'>> & { window?: MaintenanceWindow } = {},
): Space {
  const { window, ...rest } = spec;
  return {
    apiVersion: API_VERSION,
    kind: 'Space',
    metadata: { name },
    spec: {
      pop: 'aws-us-east-1',
      tier: 'performance',
      channel: 'prod',
      release: 'r1',
      maintenanceWindow: window ?? UTC_SUNDAY,
      addOns: { pci: false },
      ...rest,
    },
  };
}

export function pop(name: string, channelName: ChannelName, releaseVersion: string): Pop {
  return {
    apiVersion: API_VERSION,
    kind: 'Pop',
    metadata: { name },
    spec: { cloud: 'aws', region: 'us-east-1', channel: channelName, release: releaseVersion },
  };
}

export interface FleetInput {
  releases?: Map<string, Release>;
  channels?: Partial<Record<ChannelName, string>>;
  channelFreezes?: Partial<Record<ChannelName, Freeze>>;
  spaces?: Space[];
  pops?: Pop[];
  freezes?: Partial<FleetFreezes>;
  basicTierWindow?: MaintenanceWindow;
}

/** A release state; channels default to prod r1, staging r2, dev r3 on the chain r1…r6. */
export function fleet(input: FleetInput = {}): ReleaseState {
  const channels = { prod: 'r1', staging: 'r2', dev: 'r3', ...input.channels };
  const desired: DesiredState = {
    pops: new Map((input.pops ?? []).map((p) => [p.metadata.name, p])),
    spaces: new Map((input.spaces ?? []).map((s) => [s.metadata.name, s])),
    channels: new Map(
      (Object.keys(channels) as ChannelName[]).map((name) => [
        name,
        channel(name, channels[name], input.channelFreezes?.[name]),
      ]),
    ),
    releases: input.releases ?? chainOf(VERSIONS),
    settings: {
      ...DEFAULT_SETTINGS,
      spec: {
        ...DEFAULT_SETTINGS.spec,
        basicTierWindow: input.basicTierWindow ?? DEFAULT_SETTINGS.spec.basicTierWindow,
      },
    },
  };
  return {
    desired,
    freezes: { spaces: input.freezes?.spaces ?? new Map(), fleet: input.freezes?.fleet },
  };
}
