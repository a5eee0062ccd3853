/**
 * The platform's desired state as people write it in `gitops/platform/`: Kubernetes-style
 * documents, one per file. These types are what the rest of the platform works with once a
 * file has passed its schema.
 */
export const API_VERSION = 'privatecloud.io/v1';

export const CLOUDS = ['aws', 'azure', 'gcp'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const TIERS = ['basic', 'performance', 'performance-plus'] as const;
export type Tier = (typeof TIERS)[number];

export const CHANNELS = ['dev', 'staging', 'prod'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const DAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type DayOfWeek = (typeof DAYS)[number];

export const MIGRATION_PHASES = ['expand', 'migrate', 'contract'] as const;
export type MigrationPhase = (typeof MIGRATION_PHASES)[number];

export const FAILOVER_SIDES = ['primary', 'secondary'] as const;
export type FailoverSide = (typeof FAILOVER_SIDES)[number];

export interface ObjectMeta {
  /** A DNS-1123 label (a DNS-1123 subdomain for releases, whose versions contain dots); equals the file name. */
  name: string;
}

export interface Pop {
  apiVersion: typeof API_VERSION;
  kind: 'Pop';
  metadata: ObjectMeta;
  spec: {
    cloud: Cloud;
    /** The cloud's region id, for example `us-east-1`, `eastus`, `europe-west1`. */
    region: string;
    channel: ChannelName;
    /** The release the PoP's own services run. */
    release: string;
  };
}

export interface MaintenanceWindow {
  day: DayOfWeek;
  /** Local start time `HH:MM` (24-hour) in `timeZone`. */
  start: string;
  /** IANA time zone, for example `Europe/London`. */
  timeZone: string;
  durationMinutes: number;
}

export interface GeoFailover {
  /** The PoP that hosts the standby copy; differs from `spec.pop`. */
  secondaryPop: string;
  /** Which side serves now. */
  active: FailoverSide;
}

export interface AddOns {
  pci: boolean;
  geoFailover?: GeoFailover;
}

export interface Space {
  apiVersion: typeof API_VERSION;
  kind: 'Space';
  metadata: ObjectMeta;
  spec: {
    pop: string;
    tier: Tier;
    channel: ChannelName;
    /** The release the Space runs now (its pin). */
    release: string;
    maintenanceWindow: MaintenanceWindow;
    addOns: AddOns;
  };
}

export interface Freeze {
  reason: string;
  /** RFC 3339 instant after which the freeze no longer applies; absent means until lifted. */
  until?: string;
}

export interface Channel {
  apiVersion: typeof API_VERSION;
  kind: 'Channel';
  metadata: ObjectMeta & { name: ChannelName };
  spec: {
    release: string;
    frozen?: Freeze;
  };
}

export interface Migration {
  id: string;
  phase: MigrationPhase;
}

export interface Release {
  apiVersion: typeof API_VERSION;
  kind: 'Release';
  metadata: ObjectMeta;
  spec: {
    /** The release this one follows and is compatible with; absent only on the first release. */
    compatibleWith?: string;
    /** Component name → image reference pinned by digest (`repo@sha256:<64 hex>`). */
    components: Record<string, string>;
    migrations: Migration[];
    blocked?: { reason: string };
  };
}

/**
 * Fleet-wide settings, in `platform/settings.yaml` (optional: every field has a default).
 */
export interface Settings {
  apiVersion: typeof API_VERSION;
  kind: 'Settings';
  metadata: ObjectMeta & { name: 'settings' };
  spec: {
    /** Where Argo CD reads this repository from. */
    argocd: {
      repoURL: string;
      targetRevision: string;
      /** Path of the gitops directory inside the repository ('' when it is the root). */
      path: string;
    };
    /** The window basic-tier Spaces get; other tiers use the one their customer chose. */
    basicTierWindow: MaintenanceWindow;
  };
}

export const DEFAULT_SETTINGS: Settings = {
  apiVersion: API_VERSION,
  kind: 'Settings',
  metadata: { name: 'settings' },
  spec: {
    argocd: {
      repoURL: 'https://git.example.com/platform/gitops.git',
      targetRevision: 'main',
      path: 'gitops',
    },
    basicTierWindow: { day: 'sunday', start: '02:00', timeZone: 'UTC', durationMinutes: 240 },
  },
};

export type PlatformDocument = Pop | Space | Channel | Release | Settings;

/** Every document of a gitops tree, by name. */
export interface DesiredState {
  pops: ReadonlyMap<string, Pop>;
  spaces: ReadonlyMap<string, Space>;
  channels: ReadonlyMap<ChannelName, Channel>;
  releases: ReadonlyMap<string, Release>;
  /** `platform/settings.yaml`, or {@link DEFAULT_SETTINGS} when the file is absent. */
  settings: Settings;
}

/**
 * One thing wrong with a gitops tree, shown to engineers as `<path>: <field>: <message>`.
 * `path` is relative to the gitops directory; `field` is a dotted path inside the document
 * (`spec.maintenanceWindow.timeZone`), or `-` when the problem is the file itself.
 */
export interface Problem {
  path: string;
  field: string;
  message: string;
}

/** The files of a gitops tree: path relative to the gitops directory → content. */
export type GitopsFiles = ReadonlyMap<string, string>;
