import { ensurePkiDirectory } from '@platform/pki';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { agentStateFolder, spaceAgentServices, type DevFleet } from './dev-topology';
import type { ServiceSet } from './service-set';

export interface AgentReconcilerOptions {
  services: ServiceSet;
  trustDomain: string;
  pkiDir: string;
  agentsDir: string;
  /** PoPs that have a relay: a Space on another PoP has nothing to subscribe to. */
  relayPops: ReadonlySet<string>;
  say: (message: string) => void;
}

/**
 * Makes the running Space agents match a fleet, the way Argo CD makes a cluster match the
 * rendered manifests: an agent for each side of each Space (certificate issued on first sight),
 * none for a Space that is gone (its agent stopped and its local state pruned).
 */
export class AgentReconciler {
  private skipped = new Set<string>();

  constructor(private readonly options: AgentReconcilerOptions) {}

  async apply(fleet: DevFleet): Promise<{ started: string[]; stopped: string[] }> {
    const { services, trustDomain, relayPops, say } = this.options;
    const desired = fleet.spaces
      .flatMap((space) => spaceAgentServices(trustDomain, space))
      .filter((service) => {
        if (relayPops.has(service.pop ?? '')) return true;
        if (!this.skipped.has(service.name)) {
          say(`${service.name}: PoP ${service.pop} has no relay in this run (restart npm start)`);
          this.skipped.add(service.name);
        }
        return false;
      });
    const wanted = new Set(desired.map((service) => service.name));
    const running = services.list().filter((entry) => entry.service.kind === 'space-agent');
    const have = new Set(running.map((entry) => entry.service.name));

    const stopped: string[] = [];
    for (const entry of running.filter((candidate) => !wanted.has(candidate.service.name))) {
      await services.remove(entry.service.name);
      await rm(join(this.options.agentsDir, agentStateFolder(entry.service)), {
        recursive: true,
        force: true,
      });
      stopped.push(entry.service.name);
    }
    const added = desired.filter((service) => !have.has(service.name));
    if (added.length > 0) {
      await ensurePkiDirectory(this.options.pkiDir, {
        trustDomain,
        identities: added.map((service) => service.identity),
      });
    }
    for (const service of added) await services.add(service);
    return { started: added.map((service) => service.name), stopped };
  }
}
