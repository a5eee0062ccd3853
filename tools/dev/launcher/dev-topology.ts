import { parseDesiredState, type Tier } from '@platform/gitops';
import { readGitopsDirectory } from '@platform/gitops-store';
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
  space?: DevSpace;
  identity: WorkloadIdentity;
  entry: string;
}

export interface DevSpace {
  name: string;
  pop: string;
  release: string;
  tier: Tier;
  /** The window the agent enforces until directives change it: `<mon..sun> <HH:MM> <minutes> <zone>`. */
  window: string;
}

export interface DevFleet {
  pops: string[];
  spaces: DevSpace[];
}

/** The example fleet in `gitops/`: its PoPs, and its Spaces with the PoP each runs under. */
export async function exampleFleet(gitopsDir: string): Promise<DevFleet> {
  const { state, problems } = parseDesiredState(await readGitopsDirectory(gitopsDir));
  if (problems.length > 0) {
    const lines = problems.map(
      (problem) => `${problem.path}: ${problem.field}: ${problem.message}`,
    );
    throw new Error(`the example fleet in ${gitopsDir} has problems:\n${lines.join('\n')}`);
  }
  return {
    pops: [...state.pops.keys()].sort(),
    spaces: [...state.spaces.values()]
      .map((space) => {
        const { day, start, durationMinutes, timeZone } = space.spec.maintenanceWindow;
        return {
          name: space.metadata.name,
          pop: space.spec.pop,
          release: space.spec.release,
          tier: space.spec.tier,
          window: `${day.slice(0, 3)} ${start} ${durationMinutes} ${timeZone}`,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Services start in this order (Central, PoPs, Spaces) and stop in reverse. */
export function devServices(trustDomain: string, fleet: DevFleet): DevService[] {
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
    space,
    identity: { trustDomain, tier: 'space', space: space.name, service: 'space-agent' },
    entry: entry('space-agent'),
  }));
  return [...central, ...pops, ...spaces];
}
