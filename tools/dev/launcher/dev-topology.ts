import {
  effectiveMaintenanceWindow,
  parseDesiredState,
  spacePlacements,
  type GitopsFiles,
  type Tier,
} from '@platform/gitops';
import type { WorkloadIdentity } from '@platform/pki';

export type ServiceKind =
  'control-plane' | 'release-orchestrator' | 'pop-relay' | 'bot-detection' | 'space-agent';

/** One process `npm start` runs. */
export interface DevService {
  /** Unique name, used for logs and the endpoints file (e.g. `pop-relay@aws-us-east-1`). */
  name: string;
  kind: ServiceKind;
  tier: 'central' | 'pop' | 'space';
  /** The PoP a PoP service or a Space's agent runs on. */
  pop?: string;
  space?: DevSpace;
  /** For a Space's agent: which side of the Space it runs (only geo-failover Spaces have two). */
  side?: 'primary' | 'secondary';
  identity: WorkloadIdentity;
  entry: string;
}

export interface DevSpace {
  name: string;
  /** The primary PoP. */
  pop: string;
  /** Every PoP the Space runs on: its own, plus the geo-failover secondary. */
  placements: { pop: string; side: 'primary' | 'secondary' }[];
  release: string;
  tier: Tier;
  /**
   * The window the agent enforces until directives change it: the one the orchestrator uses
   * (basic-tier Spaces get the platform default), as `<mon..sun> <HH:MM> <minutes> <zone>`.
   */
  window: string;
}

export interface DevFleet {
  pops: string[];
  spaces: DevSpace[];
}

/**
 * The PoPs and Spaces of a gitops tree (`platform/…` paths), as the launcher runs them. Refuses a
 * tree with problems: a Space file that fails its schema would otherwise look deleted.
 */
export function fleetOf(files: GitopsFiles, source: string): DevFleet {
  const { state, problems } = parseDesiredState(files);
  if (problems.length > 0) {
    const lines = problems.map(
      (problem) => `${problem.path}: ${problem.field}: ${problem.message}`,
    );
    throw new Error(`the desired state in ${source} has problems:\n${lines.join('\n')}`);
  }
  return {
    pops: [...state.pops.keys()].sort(),
    spaces: [...state.spaces.values()]
      .map((space) => {
        const { day, start, durationMinutes, timeZone } = effectiveMaintenanceWindow(
          space,
          state.settings,
        );
        return {
          name: space.metadata.name,
          pop: space.spec.pop,
          placements: spacePlacements(space).map(({ pop, side }) => ({ pop, side })),
          release: space.spec.release,
          tier: space.spec.tier,
          window: `${day.slice(0, 3)} ${start} ${durationMinutes} ${timeZone}`,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

const entry = (kind: ServiceKind) => `apps/${kind}/src/main.ts`;

/** Central, then each PoP's relay and bot detection: started in this order, stopped in reverse. */
export function platformServices(trustDomain: string, pops: readonly string[]): DevService[] {
  const central = (['control-plane', 'release-orchestrator'] as const).map(
    (service): DevService => ({
      name: service,
      kind: service,
      tier: 'central',
      identity: { trustDomain, tier: 'central', service },
      entry: entry(service),
    }),
  );
  const popServices = pops.flatMap((pop) =>
    (['pop-relay', 'bot-detection'] as const).map((service): DevService => ({
      name: `${service}@${pop}`,
      kind: service,
      tier: 'pop',
      pop,
      identity: { trustDomain, tier: 'pop', pop, service },
      entry: entry(service),
    })),
  );
  return [...central, ...popServices];
}

/**
 * One agent per PoP the Space runs on: `space-agent@<space>` on its primary PoP, and
 * `space-agent@<space>@<pop>` on a geo-failover secondary (same Space identity, own state).
 */
export function spaceAgentServices(trustDomain: string, space: DevSpace): DevService[] {
  return space.placements.map(({ pop, side }) => ({
    name: side === 'primary' ? `space-agent@${space.name}` : `space-agent@${space.name}@${pop}`,
    kind: 'space-agent',
    tier: 'space',
    pop,
    side,
    space,
    identity: { trustDomain, tier: 'space', space: space.name, service: 'space-agent' },
    entry: entry('space-agent'),
  }));
}

/** The agent's state folder under the state directory, kept across restarts. */
export function agentStateFolder(service: DevService): string {
  const space = service.space?.name ?? service.name;
  return service.side === 'secondary' ? `${space}@${service.pop}` : space;
}
