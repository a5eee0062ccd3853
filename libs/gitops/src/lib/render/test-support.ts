import {
  API_VERSION,
  DEFAULT_SETTINGS,
  type Channel,
  type ChannelName,
  type DesiredState,
  type MaintenanceWindow,
  type Pop,
  type Release,
  type Settings,
  type Space,
} from '../model/desired-state';

/**
 * Builders of desired-state documents for the render specs: each gives a valid document
 * with plain defaults, and takes only what a test cares about.
 */

/** A digest that is the same for the same text, so fixtures stay stable. */
export function digestOf(text: string): string {
  let hex = '';
  for (let round = 0; hex.length < 64; round += 1) {
    let hash = 2166136261 ^ round;
    for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
    hex += (hash >>> 0).toString(16).padStart(8, '0');
  }
  return `sha256:${hex.slice(0, 64)}`;
}

export function aRelease(
  version: string,
  components: readonly string[] = ['api', 'login-ui', 'worker'],
  compatibleWith?: string,
): Release {
  return {
    apiVersion: API_VERSION,
    kind: 'Release',
    metadata: { name: version },
    spec: {
      compatibleWith,
      components: Object.fromEntries(
        components.map((component) => [
          component,
          `registry.privatecloud.io/identity/${component}@${digestOf(`${component}@${version}`)}`,
        ]),
      ),
      migrations: [],
    },
  };
}

export function aChannel(name: ChannelName, release: string): Channel {
  return { apiVersion: API_VERSION, kind: 'Channel', metadata: { name }, spec: { release } };
}

export function aPop(name: string, release = '2026.45.0'): Pop {
  return {
    apiVersion: API_VERSION,
    kind: 'Pop',
    metadata: { name },
    spec: { cloud: 'aws', region: 'us-east-1', channel: 'prod', release },
  };
}

export const A_WINDOW: MaintenanceWindow = {
  day: 'saturday',
  start: '02:00',
  timeZone: 'America/New_York',
  durationMinutes: 120,
};

export type SpaceOverrides = Partial<Omit<Space['spec'], 'addOns'>> &
  Partial<Space['spec']['addOns']>;

export function aSpace(name: string, overrides: SpaceOverrides = {}): Space {
  const { pci = false, geoFailover, ...spec } = overrides;
  return {
    apiVersion: API_VERSION,
    kind: 'Space',
    metadata: { name },
    spec: {
      pop: 'aws-us-east-1',
      tier: 'performance',
      channel: 'prod',
      release: '2026.45.0',
      maintenanceWindow: A_WINDOW,
      ...spec,
      addOns: geoFailover ? { pci, geoFailover } : { pci },
    },
  };
}

export interface StateParts {
  pops?: Pop[];
  spaces?: Space[];
  releases?: Release[];
  channels?: Channel[];
  settings?: Settings;
}

/**
 * A desired state around the given documents; by default two PoPs, releases 2026.44.0 to
 * 2026.47.0, and channels dev/staging/prod on 2026.47.0/2026.46.0/2026.45.0.
 */
export function aDesiredState(parts: StateParts = {}): DesiredState {
  const releases = parts.releases ?? [
    aRelease('2026.44.0'),
    aRelease('2026.45.0', undefined, '2026.44.0'),
    aRelease('2026.46.0', undefined, '2026.45.0'),
    aRelease('2026.47.0', undefined, '2026.46.0'),
  ];
  const channels = parts.channels ?? [
    aChannel('dev', '2026.47.0'),
    aChannel('staging', '2026.46.0'),
    aChannel('prod', '2026.45.0'),
  ];
  const pops = parts.pops ?? [aPop('aws-us-east-1'), aPop('gcp-europe-west1')];
  return {
    pops: new Map(pops.map((pop) => [pop.metadata.name, pop])),
    spaces: new Map((parts.spaces ?? []).map((space) => [space.metadata.name, space])),
    channels: new Map(channels.map((channel) => [channel.metadata.name, channel])),
    releases: new Map(releases.map((release) => [release.metadata.name, release])),
    settings: parts.settings ?? DEFAULT_SETTINGS,
  };
}

const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'UTC',
];
const TIERS = ['basic', 'performance', 'performance-plus'] as const;
const CHANNEL_RELEASES = { dev: '2026.47.0', staging: '2026.46.0', prod: '2026.45.0' } as const;

/**
 * A synthetic fleet like the benchmark's: Spaces spread over PoPs, tiers, channels and time
 * zones, every tenth with PCI and every twentieth with geo-failover.
 */
export function aFleet(size: { pops: number; spaces: number }): DesiredState {
  const pops = Array.from({ length: size.pops }, (_, index) =>
    aPop(`pop-${String(index).padStart(3, '0')}`),
  );
  const channels = Object.keys(CHANNEL_RELEASES) as ChannelName[];
  const spaces = Array.from({ length: size.spaces }, (_, index) => {
    const channel = channels[index % channels.length];
    const geo = index % 20 === 0 && pops.length > 1;
    return aSpace(`space-${String(index).padStart(5, '0')}`, {
      pop: pops[index % pops.length].metadata.name,
      tier: TIERS[index % TIERS.length],
      channel,
      release: CHANNEL_RELEASES[channel],
      maintenanceWindow: {
        day: (
          ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
        )[index % 7],
        start: `${String(index % 24).padStart(2, '0')}:${index % 2 === 0 ? '00' : '30'}`,
        timeZone: ZONES[index % ZONES.length],
        durationMinutes: 120,
      },
      pci: index % 10 === 0,
      geoFailover: geo
        ? { secondaryPop: pops[(index + 1) % pops.length].metadata.name, active: 'primary' }
        : undefined,
    });
  });
  return aDesiredState({ pops, spaces });
}
