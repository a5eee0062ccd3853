import { stringify } from 'yaml';
import {
  API_VERSION,
  type Channel,
  type ChannelName,
  type Freeze,
  type Migration,
  type PlatformDocument,
  type Pop,
  type Release,
  type Space,
} from '../lib/model/desired-state';
import { SETTINGS_PATH, documentPath } from '../lib/parse/platform-paths';

/** A PoP document; `spec` fields default to an AWS PoP on the prod channel. */
export function popDocument(name: string, spec: Partial<Pop['spec']> = {}): Pop {
  return {
    apiVersion: API_VERSION,
    kind: 'Pop',
    metadata: { name },
    spec: { cloud: 'aws', region: 'us-east-1', channel: 'prod', release: '2026.10.0', ...spec },
  };
}

/** A Space document; `spec` fields default to a basic-tier Space without add-ons. */
export function spaceDocument(name: string, spec: Partial<Space['spec']> = {}): Space {
  return {
    apiVersion: API_VERSION,
    kind: 'Space',
    metadata: { name },
    spec: {
      pop: 'aws-us-east-1',
      tier: 'basic',
      channel: 'prod',
      release: '2026.10.0',
      maintenanceWindow: { day: 'sunday', start: '02:00', timeZone: 'UTC', durationMinutes: 240 },
      addOns: { pci: false },
      ...spec,
    },
  };
}

/** A channel document offering `release`. */
export function channelDocument(name: ChannelName, release: string, frozen?: Freeze): Channel {
  return {
    apiVersion: API_VERSION,
    kind: 'Channel',
    metadata: { name },
    spec: frozen === undefined ? { release } : { release, frozen },
  };
}

/** A release document; components default to `api` and `web` pinned by made-up digests. */
export function releaseDocument(
  version: string,
  options: {
    compatibleWith?: string;
    components?: Record<string, string>;
    migrations?: Migration[];
    blocked?: { reason: string };
  } = {},
): Release {
  // Key order as people write it: the link to the previous release first.
  const spec: Release['spec'] = {
    ...(options.compatibleWith === undefined ? {} : { compatibleWith: options.compatibleWith }),
    components: options.components ?? {
      api: `registry.example.com/platform/api@${digest(`api-${version}`)}`,
      web: `registry.example.com/platform/web@${digest(`web-${version}`)}`,
    },
    migrations: options.migrations ?? [],
    ...(options.blocked === undefined ? {} : { blocked: options.blocked }),
  };
  return { apiVersion: API_VERSION, kind: 'Release', metadata: { name: version }, spec };
}

/** A well-formed `sha256:` digest derived from `seed`, so fixtures are stable between runs. */
export function digest(seed: string): string {
  let hex = '';
  for (let round = 0; hex.length < 64; round++) {
    let hash = 0x811c9dc5 ^ round;
    for (const char of seed) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
    hex += (hash >>> 0).toString(16).padStart(8, '0');
  }
  return `sha256:${hex.slice(0, 64)}`;
}

/** Where `document` lives in a gitops tree and its YAML, as a person would write it. */
export function documentFile(document: PlatformDocument): [string, string] {
  const path =
    document.kind === 'Settings'
      ? SETTINGS_PATH
      : documentPath(document.kind, document.metadata.name);
  return [path, stringify(document)];
}

/** A gitops tree holding `documents`, one file each. */
export function filesOf(documents: readonly PlatformDocument[]): Map<string, string> {
  return new Map(documents.map(documentFile));
}
