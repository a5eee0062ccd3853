import { DirectiveVerifier } from '@platform/directives';
import { readTlsMaterial, systemClock, type Clock, type TlsFiles } from '@platform/platform-kit';
import type { Logger } from 'pino';
import type { AgentConfig } from './agent.config';
import { initialState } from './agent-state';
import { AgentStateRepository } from './agent-state.repository';
import type { DirectiveApplier } from './directive.applier';
import { DirectiveProcessor } from './directive-processor.service';
import { FileStateApplier } from './file-state.applier';
import { AgentMetrics } from './metrics';
import { RelayLink, type RelayLinkOptions } from './relay-link';

/** What tests (and a future Kubernetes applier) replace. */
export interface SpaceAgentOptions {
  clock?: Clock;
  applier?: DirectiveApplier;
  defaultMetrics?: boolean;
  link?: Pick<RelayLinkOptions, 'initialBackoffMs' | 'maxBackoffMs' | 'connectedAfterMs'>;
}

/** The JSON of GET /status. */
export interface AgentStatus {
  space: string;
  release: string;
  tier: string;
  failoverRole: string;
  frozen: boolean;
  lastDirectiveId: string;
  lastDirectiveAt: string | null;
  connected: boolean;
  /** Null when the relay was never reached. */
  secondsSinceLastContact: number | null;
}

/** One Space's agent: its state, the directive processor, the relay link and its metrics. */
export class SpaceAgent {
  private constructor(
    readonly config: AgentConfig,
    readonly processor: DirectiveProcessor,
    readonly link: RelayLink,
    readonly metrics: AgentMetrics,
    private readonly clock: Clock,
  ) {}

  /** Loads (or creates) the state and starts following the relay. */
  static async start(
    config: AgentConfig,
    tls: TlsFiles,
    logger: Logger,
    options: SpaceAgentOptions = {},
  ): Promise<SpaceAgent> {
    const clock = options.clock ?? systemClock;
    const repository = new AgentStateRepository(config.stateDir);
    const existing = await repository.load();
    const state = existing ?? initialState(config.space, config.initial);
    if (!existing) await repository.save(state);
    const holder: { link?: RelayLink } = {};
    const metrics = new AgentMetrics({
      stateDir: config.stateDir,
      link: () => holder.link?.status() ?? { connected: false, reconnectAttempts: 0 },
      now: () => clock.now(),
      defaultMetrics: options.defaultMetrics,
    });
    const processor = new DirectiveProcessor(
      config.space,
      state,
      new DirectiveVerifier(config.trustedKeys),
      repository,
      options.applier ?? new FileStateApplier(config.stateDir),
      clock,
      logger,
      metrics,
    );
    const link = new RelayLink(
      {
        space: config.space,
        relayAddress: config.relayAddress,
        tls: readTlsMaterial(tls),
        ...options.link,
      },
      processor,
      clock,
      logger,
    );
    holder.link = link;
    link.start();
    logger.info(
      { space: config.space, relay: config.relayAddress, resumeAfter: state.lastDirectiveId },
      'space agent started',
    );
    return new SpaceAgent(config, processor, link, metrics, clock);
  }

  status(): AgentStatus {
    const { desired, lastDirectiveId, lastDirectiveAt } = this.processor.state;
    const link = this.link.status();
    const seconds = link.lastContactAt
      ? Math.max(0, Math.floor((this.clock.now().getTime() - link.lastContactAt.getTime()) / 1000))
      : null;
    return {
      space: this.config.space,
      release: desired.release,
      tier: desired.tier,
      failoverRole: desired.failoverRole,
      frozen: desired.frozen,
      lastDirectiveId,
      lastDirectiveAt: lastDirectiveAt ?? null,
      connected: link.connected,
      secondsSinceLastContact: link.connected ? 0 : seconds,
    };
  }

  stop(): Promise<void> {
    return this.link.stop();
  }
}
