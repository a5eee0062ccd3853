import {
  CHANNELS,
  parseDesiredState,
  renderDesiredState,
  type ChannelName,
  type MaintenanceWindow,
} from '@platform/gitops';
import { readGitopsDirectory } from '@platform/gitops-store';
import { join } from 'node:path';
import { stringify } from 'yaml';

const WORKSPACE = join(__dirname, '..', '..', '..', '..');

/**
 * The customer windows of the calendar fleet. Several sit on the 2026 daylight-saving nights:
 * the US springs forward on Sunday 8 March (02:00 → 03:00), the EU on Sunday 29 March
 * (London 01:00 → 02:00, Berlin 02:00 → 03:00), Sydney and Auckland fall back on Sunday 5 April
 * (03:00 → 02:00); Kolkata (+05:30) and Kathmandu (+05:45) have none but are off the hour.
 */
export const CALENDAR_WINDOWS: readonly MaintenanceWindow[] = [
  { day: 'sunday', start: '01:30', timeZone: 'America/New_York', durationMinutes: 120 },
  // Starts inside the spring-forward gap on 8 March: opens when the clock jumps.
  { day: 'sunday', start: '02:30', timeZone: 'America/New_York', durationMinutes: 120 },
  { day: 'saturday', start: '02:00', timeZone: 'America/New_York', durationMinutes: 120 },
  { day: 'sunday', start: '00:30', timeZone: 'Europe/London', durationMinutes: 120 },
  // Starts inside the gap on 29 March.
  { day: 'sunday', start: '01:30', timeZone: 'Europe/London', durationMinutes: 90 },
  { day: 'sunday', start: '03:00', timeZone: 'Europe/London', durationMinutes: 180 },
  // Starts in the hour that repeats on 5 April.
  { day: 'sunday', start: '02:30', timeZone: 'Australia/Sydney', durationMinutes: 90 },
  { day: 'tuesday', start: '23:00', timeZone: 'Australia/Sydney', durationMinutes: 90 },
  { day: 'sunday', start: '01:30', timeZone: 'Asia/Kolkata', durationMinutes: 60 },
  { day: 'wednesday', start: '05:30', timeZone: 'Asia/Kolkata', durationMinutes: 45 },
  { day: 'thursday', start: '22:30', timeZone: 'Asia/Tokyo', durationMinutes: 120 },
  // Crosses local midnight.
  { day: 'saturday', start: '23:30', timeZone: 'America/Los_Angeles', durationMinutes: 120 },
  { day: 'sunday', start: '03:00', timeZone: 'Europe/Berlin', durationMinutes: 120 },
  { day: 'friday', start: '12:00', timeZone: 'America/Sao_Paulo', durationMinutes: 60 },
  { day: 'wednesday', start: '04:45', timeZone: 'Asia/Kathmandu', durationMinutes: 45 },
  // 02:00 repeats on 5 April.
  { day: 'sunday', start: '02:00', timeZone: 'Pacific/Auckland', durationMinutes: 120 },
  // The train's own morning: these Spaces move an hour after the train.
  { day: 'monday', start: '10:00', timeZone: 'UTC', durationMinutes: 60 },
];

/** The Space frozen for the first two weeks, which holds a contract back from dev. */
export const LAGGARD = 'laggard';

const POPS = ['aws-us-east-1', 'gcp-europe-west1'] as const;
const CHANNEL_RELEASE: Record<ChannelName, string> = {
  dev: '2026.47.0',
  staging: '2026.46.0',
  prod: '2026.45.0',
};
const PREVIOUS: Record<string, string> = {
  '2026.47.0': '2026.46.0',
  '2026.46.0': '2026.45.0',
  '2026.45.0': '2026.44.0',
};

/**
 * The example fleet of `gitops/` (6 Spaces, 2 PoPs) grown to `spaces` Spaces spread over both
 * PoPs, every channel, every tier and {@link CALENDAR_WINDOWS}; every fourth one a release behind
 * its channel, every tenth with geo-failover on the other PoP. Paths are those of the
 * repository (`gitops/...`), with `rendered/` and `argocd/` rendered for the grown fleet.
 */
export async function calendarFleetFiles(spaces: number): Promise<Record<string, string>> {
  const files = new Map(await readGitopsDirectory(join(WORKSPACE, 'gitops')));
  const existing = [...files.keys()].filter((path) => path.startsWith('platform/spaces/')).length;
  files.set(
    `platform/spaces/${LAGGARD}.yaml`,
    spaceFile(LAGGARD, {
      pop: POPS[0],
      tier: 'performance',
      channel: 'dev',
      release: '2026.47.0',
      window: CALENDAR_WINDOWS[8],
    }),
  );
  for (let index = 0; index < spaces - existing - 1; index += 1) {
    const name = `tenant-${String(index).padStart(3, '0')}`;
    const channel = CHANNELS[index % CHANNELS.length];
    const release = CHANNEL_RELEASE[channel];
    files.set(
      `platform/spaces/${name}.yaml`,
      spaceFile(name, {
        pop: POPS[index % POPS.length],
        tier: index % 5 === 0 ? 'basic' : index % 2 === 0 ? 'performance' : 'performance-plus',
        channel,
        release: index % 4 === 1 ? PREVIOUS[release] : release,
        window: CALENDAR_WINDOWS[index % CALENDAR_WINDOWS.length],
        secondaryPop: index % 10 === 3 ? POPS[(index + 1) % POPS.length] : undefined,
        pci: index % 7 === 0,
      }),
    );
  }
  const { state, problems } = parseDesiredState(files);
  if (problems.length > 0) throw new Error(`calendar fleet: ${JSON.stringify(problems[0])}`);
  for (const [path, text] of renderDesiredState(state)) files.set(path, text);
  return Object.fromEntries([...files].map(([path, text]) => [`gitops/${path}`, text]));
}

function spaceFile(
  name: string,
  spec: {
    pop: string;
    tier: string;
    channel: ChannelName;
    release: string;
    window: MaintenanceWindow;
    secondaryPop?: string;
    pci?: boolean;
  },
): string {
  return stringify({
    apiVersion: 'privatecloud.io/v1',
    kind: 'Space',
    metadata: { name },
    spec: {
      pop: spec.pop,
      tier: spec.tier,
      channel: spec.channel,
      release: spec.release,
      maintenanceWindow: spec.window,
      addOns: {
        pci: spec.pci ?? false,
        ...(spec.secondaryPop
          ? { geoFailover: { secondaryPop: spec.secondaryPop, active: 'primary' } }
          : {}),
      },
    },
  });
}
