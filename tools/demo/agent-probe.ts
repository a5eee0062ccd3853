import type { ServiceEndpoint } from './platform-endpoints';

/** What a space-agent's `/status` answers (see apps/space-agent). */
export interface AgentStatus {
  space: string;
  release: string;
  tier: string;
  failoverRole: string;
  frozen: boolean;
  lastDirectiveId: string;
  connected: boolean;
  secondsSinceLastContact: number | null;
}

/** Reads agents' own HTTP endpoints, the way a monitoring system would. */
export class AgentProbe {
  constructor(private readonly monitoringToken: string) {}

  async status(agent: ServiceEndpoint): Promise<AgentStatus> {
    const response = await fetch(`${this.base(agent)}/status`, {
      headers: { authorization: `Bearer ${this.monitoringToken}` },
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status !== 200) throw new Error(`${agent.name} /status: HTTP ${response.status}`);
    return (await response.json()) as AgentStatus;
  }

  /** The HTTP status of `/healthz` (no credentials needed). */
  async healthz(agent: ServiceEndpoint): Promise<number> {
    const response = await fetch(`${this.base(agent)}/healthz`, {
      signal: AbortSignal.timeout(5_000),
    });
    return response.status;
  }

  private base(agent: ServiceEndpoint): string {
    if (!agent.http) throw new Error(`${agent.name} has no HTTP endpoint in endpoints.json`);
    return agent.http;
  }
}
