import {
  createLogger,
  startGrpcService,
  startHttpServer,
  type RunningGrpcService,
  type RunningHttpServer,
  type ServiceConfig,
} from '@platform/platform-kit';
import type { Logger } from 'pino';
import type { AgentConfig } from './agent.config';
import { SpaceAgent, type SpaceAgentOptions } from './space-agent';
import { SpaceAgentGrpcModule, SpaceAgentModule } from './space-agent.module';

export interface RunningSpaceAgent {
  agent: SpaceAgent;
  grpc: RunningGrpcService;
  http: RunningHttpServer;
  logger: Logger;
  /** Stops the relay link (a directive in progress finishes), then HTTP, then gRPC. */
  stop(): Promise<void>;
}

/** The whole agent as main.ts runs it; tests start it in-process with their own clock/applier. */
export async function startSpaceAgent(
  config: ServiceConfig,
  agentConfig: AgentConfig,
  options: SpaceAgentOptions & { logger?: Logger; handleSignals?: boolean } = {},
): Promise<RunningSpaceAgent> {
  const logger = options.logger ?? createLogger(config.service, config.logLevel);
  const agent = await SpaceAgent.start(agentConfig, config.tls, logger, options);
  const http = await startHttpServer({
    module: SpaceAgentModule.forRoot(agent),
    host: agentConfig.http.host,
    port: agentConfig.http.port,
    logger,
  });
  const grpc = await startGrpcService({
    config,
    module: SpaceAgentGrpcModule,
    packages: [],
    logger,
    handleSignals: options.handleSignals,
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await agent.stop();
      await http.stop();
      await grpc.stop();
    })());
  // The gRPC kit exits the process after its own graceful stop; stop the link and HTTP first.
  for (const signal of options.handleSignals === false ? [] : (['SIGTERM', 'SIGINT'] as const)) {
    process.prependOnceListener(signal, () => void agent.stop().then(() => http.stop()));
  }
  return { agent, grpc, http, logger, stop };
}
