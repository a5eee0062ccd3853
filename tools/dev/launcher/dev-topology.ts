import type { WorkloadIdentity } from '@platform/pki';

export type ServiceKind =
  'control-plane' | 'release-orchestrator' | 'pop-relay' | 'bot-detection' | 'space-agent';

/** One process `npm start` runs. */
export interface DevService {
  /** Unique name, used for logs and the endpoints file (e.g. `pop-relay@aws-us-east-1`). */
  name: string;
  kind: ServiceKind;
  tier: 'central' | 'pop' | 'space';
  pop?: string;
  space?: string;
  identity: WorkloadIdentity;
  entry: string;
}

export interface DevFleet {
  pops: string[];
  spaces: { name: string; pop: string }[];
}

/**
 * The local fleet until the gitops example fleet exists: one Central, two PoPs in two clouds and
 * a Space under each. Order matters: services start in this order and stop in reverse.
 */
export const defaultDevFleet: DevFleet = {
  pops: ['aws-us-east-1', 'gcp-europe-west1'],
  spaces: [
    { name: 'acme-prod', pop: 'aws-us-east-1' },
    { name: 'globex-dev', pop: 'gcp-europe-west1' },
  ],
};

export function devServices(trustDomain: string, fleet: DevFleet = defaultDevFleet): DevService[] {
  const entry = (kind: ServiceKind) => `apps/${kind}/src/main.ts`;
  const central = (['control-plane', 'release-orchestrator'] as const).map(
    (service): DevService => ({
      name: service,
      kind: service,
      tier: 'central',
      identity: { trustDomain, tier: 'central', service },
      entry: entry(service),
    }),
  );
  const pops = fleet.pops.flatMap((pop) =>
    (['pop-relay', 'bot-detection'] as const).map((service): DevService => ({
      name: `${service}@${pop}`,
      kind: service,
      tier: 'pop',
      pop,
      identity: { trustDomain, tier: 'pop', pop, service },
      entry: entry(service),
    })),
  );
  const spaces = fleet.spaces.map((space): DevService => ({
    name: `space-agent@${space.name}`,
    kind: 'space-agent',
    tier: 'space',
    pop: space.pop,
    space: space.name,
    identity: { trustDomain, tier: 'space', space: space.name, service: 'space-agent' },
    entry: entry('space-agent'),
  }));
  return [...central, ...pops, ...spaces];
}
