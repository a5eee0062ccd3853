import { createHash } from 'node:crypto';
import { CHANNELS, CLOUDS, DAYS, TIERS } from '@platform/gitops';

export interface FleetSize {
  pops: number;
  spaces: number;
}

const releaseChain = ['2026.44.0', '2026.45.0', '2026.46.0', '2026.47.0'];
const timeZones = [
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'UTC',
];

/**
 * The desired-state files of a synthetic fleet (paths under `platform/`), deterministic for a
 * size: PoPs spread over the clouds, Spaces over PoPs, tiers, channels and time zones, every
 * tenth Space with PCI and every twentieth with geo-failover.
 */
export function generateFleet(size: FleetSize): Map<string, string> {
  const files = new Map<string, string>();
  releaseChain.forEach((version, index) =>
    files.set(`platform/releases/${version}.yaml`, release(version, index)),
  );
  const channelRelease = { dev: releaseChain[3], staging: releaseChain[2], prod: releaseChain[1] };
  for (const channel of CHANNELS)
    files.set(`platform/channels/${channel}.yaml`, channelFile(channel, channelRelease[channel]));

  const popNames = Array.from(
    { length: size.pops },
    (_, index) => `pop-${String(index).padStart(3, '0')}`,
  );
  popNames.forEach((name, index) => {
    files.set(
      `platform/pops/${name}.yaml`,
      document('Pop', name, [
        `  cloud: ${CLOUDS[index % CLOUDS.length]}`,
        `  region: region-${index}`,
        '  channel: prod',
        `  release: ${channelRelease.prod}`,
      ]),
    );
  });
  for (let index = 0; index < size.spaces; index += 1) {
    const name = `space-${String(index).padStart(5, '0')}`;
    const pop = popNames[index % popNames.length];
    const channel = CHANNELS[index % CHANNELS.length];
    const geo = index % 20 === 0 && popNames.length > 1;
    files.set(
      `platform/spaces/${name}.yaml`,
      document('Space', name, [
        `  pop: ${pop}`,
        `  tier: ${TIERS[index % TIERS.length]}`,
        `  channel: ${channel}`,
        `  release: ${channelRelease[channel]}`,
        '  maintenanceWindow:',
        `    day: ${DAYS[index % DAYS.length]}`,
        `    start: "${String(index % 24).padStart(2, '0')}:${index % 2 === 0 ? '00' : '30'}"`,
        `    timeZone: ${timeZones[index % timeZones.length]}`,
        '    durationMinutes: 120',
        '  addOns:',
        `    pci: ${index % 10 === 0}`,
        ...(geo
          ? [
              '    geoFailover:',
              `      secondaryPop: ${popNames[(index + 1) % popNames.length]}`,
              '      active: primary',
            ]
          : []),
      ]),
    );
  }
  return files;
}

function document(kind: string, name: string, spec: string[]): string {
  return [
    'apiVersion: privatecloud.io/v1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    'spec:',
    ...spec,
    '',
  ].join('\n');
}

function channelFile(channel: string, release: string): string {
  return document('Channel', channel, [`  release: ${release}`]);
}

function release(version: string, index: number): string {
  const digest = (component: string) =>
    createHash('sha256').update(`${component}@${version}`).digest('hex');
  const migration = ['', 'expand', 'migrate', 'contract'][index];
  return document('Release', version, [
    ...(index > 0 ? [`  compatibleWith: ${releaseChain[index - 1]}`] : []),
    '  components:',
    ...['api', 'login-ui', 'worker'].map(
      (component) =>
        `    ${component}: registry.privatecloud.io/identity/${component}@sha256:${digest(component)}`,
    ),
    ...(migration
      ? ['  migrations:', '    - id: users-email-v2', `      phase: ${migration}`]
      : ['  migrations: []']),
  ]);
}
