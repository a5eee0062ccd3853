import { AgentProbe, type AgentStatus } from './agent-probe';
import { CentralClients } from './central-clients';
import { DemoClock } from './demo-clock';
import { GitopsHistory } from './gitops-history';
import { LauncherControl } from './launcher-control';
import { readEndpoints, type PlatformEndpoints, type ServiceEndpoint } from './platform-endpoints';
import { waitFor } from './wait-for';
import { join } from 'node:path';

/** A Space moving one release, as the demo saw it. */
export interface SpaceMove {
  space: string;
  from: string;
  to: string;
}

/** What the demo did, for the summary and for `--json` (the end-to-end tests check it). */
export interface DemoFacts {
  space?: string;
  pop?: string;
  window?: string;
  createCommit?: string;
  /** The release the new Space's agent reported after creation. */
  initialRelease?: string;
  published?: { version: string; compatibleWith: string; commit: string };
  train?: {
    commit: string;
    moves: { channel: string; from: string; to: string; outcome: string }[];
  };
  windows?: { opensAt: string; moves: SpaceMove[]; commits: string[] }[];
  outage?: {
    stoppedPids: number[];
    agentsServing: number;
    opensAt: string;
    moves: SpaceMove[];
    commit: string;
    windowsOpenedIn: string;
  };
  rollback?: SpaceMove & { commit: string };
  failover?: { space: string; active: string; roles: Record<string, string>; commit: string };
}

/** Everything the steps share: the platform's endpoints and clients, the clock, and the facts. */
export class DemoRun {
  central: CentralClients;
  readonly agents: AgentProbe;
  readonly launcher: LauncherControl;
  readonly clock: DemoClock;
  readonly history: GitopsHistory;
  readonly facts: DemoFacts = {};
  endpoints: PlatformEndpoints;

  constructor(
    readonly stateDir: string,
    readonly rate: number,
  ) {
    this.endpoints = readEndpoints(stateDir);
    this.central = new CentralClients(join(stateDir, 'platformctl.yaml'));
    this.agents = new AgentProbe(this.endpoints.monitoringToken);
    this.launcher = new LauncherControl(this.endpoints.launcher.http);
    this.clock = new DemoClock(this.endpoints.clockFile);
    this.history = new GitopsHistory(this.endpoints.gitopsRemote);
  }

  /** endpoints.json again (agents come and go, pids change on restarts). */
  refresh(): PlatformEndpoints {
    this.endpoints = readEndpoints(this.stateDir);
    return this.endpoints;
  }

  service(name: string): ServiceEndpoint {
    const found = this.refresh().services.find((service) => service.name === name);
    if (!found) throw new Error(`${name} is not in endpoints.json`);
    return found;
  }

  /** Every agent of a Space (two for a geo-failover Space), from endpoints.json. */
  agentsOf(space: string): ServiceEndpoint[] {
    return this.refresh().services.filter(
      (service) => service.kind === 'space-agent' && service.space === space,
    );
  }

  /** Waits until every agent of the Space reports `release`; returns their statuses. */
  async waitForRelease(space: string, release: string, timeoutMs = 60_000): Promise<AgentStatus[]> {
    return waitFor(
      `every agent of ${space} to report ${release}`,
      async () => {
        const agents = this.agentsOf(space);
        if (agents.length === 0) throw new Error(`no agent of ${space} in endpoints.json yet`);
        const statuses = await Promise.all(agents.map((agent) => this.agents.status(agent)));
        const behind = statuses.filter((status) => status.release !== release);
        if (behind.length > 0) {
          throw new Error(
            `${space} reports ${behind.map((status) => status.release || '(none)').join(', ')}`,
          );
        }
        return statuses;
      },
      timeoutMs,
    );
  }

  /**
   * New connections to Central after it restarted: a channel that saw the port refused waits
   * out its reconnect backoff, which would only slow the next step down.
   */
  reconnectCentral(): void {
    this.central.close();
    this.central = new CentralClients(join(this.stateDir, 'platformctl.yaml'));
  }

  close(): void {
    this.central.close();
  }
}
