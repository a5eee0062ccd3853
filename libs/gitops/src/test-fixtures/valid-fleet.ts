import {
  API_VERSION,
  DEFAULT_SETTINGS,
  TIERS,
  type PlatformDocument,
  type Settings,
} from '../lib/model/desired-state';
import { parseDesiredState } from '../lib/parse/parse-desired-state';
import { documentPath } from '../lib/parse/platform-paths';
import { channelDocument, filesOf, popDocument, releaseDocument, spaceDocument } from './documents';
import { fakeRender } from './fake-render';

/**
 * The releases of the valid fleet, oldest first. The versions sort differently as strings
 * (`2026.10.0` < `2026.9.0`), so a rule that compares strings instead of following the chain
 * fails on this fleet.
 */
export const FLEET_RELEASES = ['2026.9.0', '2026.10.0', '2026.11.0', '2026.12.0'] as const;

/** The migration the fleet's releases carry: expand in 2026.10.0, contract in 2026.12.0. */
export const FLEET_MIGRATION = 'users-email';

/** The documents of {@link validFleet}. */
export function validFleetDocuments(): PlatformDocument[] {
  const [r9, r10, r11, r12] = FLEET_RELEASES;
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    spec: {
      ...DEFAULT_SETTINGS.spec,
      argocd: { ...DEFAULT_SETTINGS.spec.argocd, targetRevision: 'main' },
    },
  };
  return [
    settings,
    releaseDocument(r9),
    releaseDocument(r10, {
      compatibleWith: r9,
      migrations: [{ id: FLEET_MIGRATION, phase: 'expand' }],
    }),
    releaseDocument(r11, {
      compatibleWith: r10,
      migrations: [{ id: FLEET_MIGRATION, phase: 'migrate' }],
    }),
    releaseDocument(r12, {
      compatibleWith: r11,
      migrations: [{ id: FLEET_MIGRATION, phase: 'contract' }],
    }),
    channelDocument('dev', r12),
    channelDocument('staging', r11),
    channelDocument('prod', r10),
    popDocument('aws-us-east-1', {
      cloud: 'aws',
      region: 'us-east-1',
      channel: 'prod',
      release: r10,
    }),
    popDocument('gcp-europe-west1', {
      cloud: 'gcp',
      region: 'europe-west1',
      channel: 'staging',
      release: r11,
    }),
    spaceDocument('acme', {
      pop: 'aws-us-east-1',
      tier: 'performance',
      channel: 'prod',
      release: r10,
      maintenanceWindow: {
        day: 'saturday',
        start: '01:00',
        timeZone: 'Europe/London',
        durationMinutes: 180,
      },
      addOns: { pci: true, geoFailover: { secondaryPop: 'gcp-europe-west1', active: 'primary' } },
    }),
    spaceDocument('globex', {
      pop: 'gcp-europe-west1',
      tier: 'basic',
      channel: 'staging',
      release: r11,
      maintenanceWindow: {
        day: 'sunday',
        start: '02:00',
        timeZone: 'Asia/Kolkata',
        durationMinutes: 240,
      },
    }),
    spaceDocument('initech', {
      pop: 'aws-us-east-1',
      tier: 'performance-plus',
      channel: 'dev',
      release: r12,
      maintenanceWindow: {
        day: 'wednesday',
        start: '22:30',
        timeZone: 'America/New_York',
        durationMinutes: 120,
      },
      addOns: { pci: true },
    }),
    spaceDocument('umbrella', {
      pop: 'gcp-europe-west1',
      tier: 'performance',
      channel: 'staging',
      release: r10,
      maintenanceWindow: {
        day: 'tuesday',
        start: '03:00',
        timeZone: 'Asia/Kolkata',
        durationMinutes: 60,
      },
    }),
    spaceDocument('hooli', { pop: 'aws-us-east-1', tier: 'basic', channel: 'prod', release: r9 }),
  ];
}

/**
 * A small valid gitops tree: 2 PoPs in 2 clouds, 5 Spaces across tiers, channels and time
 * zones, 3 channels, 4 releases in one chain (expand in 2026.10.0, contract in 2026.12.0), and
 * its generated files as {@link fakeRender} renders them.
 */
export function validFleet(): Map<string, string> {
  return withRender(filesOf(validFleetDocuments()));
}

/**
 * {@link validFleet} with `spaceCount` more Spaces spread over the PoPs, channels and tiers
 * (each on its channel's release or the one before), to measure the checker on a big fleet.
 */
export function largeFleet(spaceCount: number): Map<string, string> {
  const documents = validFleetDocuments();
  const channels = [
    { name: 'dev', releases: ['2026.11.0', '2026.12.0'] },
    { name: 'staging', releases: ['2026.10.0', '2026.11.0'] },
    { name: 'prod', releases: ['2026.9.0', '2026.10.0'] },
  ] as const;
  const zones = ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/Chicago', 'Australia/Sydney'];
  const files = filesOf(documents);
  for (let i = 0; i < spaceCount; i++) {
    const channel = channels[i % channels.length];
    const name = `customer-${i}`;
    // Written out rather than through yaml.stringify, which alone takes seconds for 10,000 files.
    files.set(
      documentPath('Space', name),
      [
        `apiVersion: ${API_VERSION}`,
        'kind: Space',
        'metadata:',
        `  name: ${name}`,
        'spec:',
        `  pop: ${i % 2 === 0 ? 'aws-us-east-1' : 'gcp-europe-west1'}`,
        `  tier: ${TIERS[i % TIERS.length]}`,
        `  channel: ${channel.name}`,
        `  release: ${channel.releases[i % 2]}`,
        '  maintenanceWindow:',
        '    day: sunday',
        `    start: "0${i % 10}:30"`,
        `    timeZone: ${zones[i % zones.length]}`,
        `    durationMinutes: ${60 + (i % 4) * 30}`,
        '  addOns:',
        `    pci: ${i % 3 === 0}`,
        '',
      ].join('\n'),
    );
  }
  return withRender(files);
}

function withRender(platform: Map<string, string>): Map<string, string> {
  platform.set('README.md', `# gitops (${API_VERSION})\n`);
  const { state } = parseDesiredState(platform);
  return new Map([...platform, ...fakeRender(state)]);
}
