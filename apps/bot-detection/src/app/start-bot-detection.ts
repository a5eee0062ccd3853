import { botDetectionV1alpha1, grpcPackages } from '@platform/contracts';
import {
  createLogger,
  startGrpcService,
  startHttpServer,
  type RunningGrpcService,
  type RunningHttpServer,
  type ServiceConfig,
} from '@platform/platform-kit';
import type { Logger } from 'pino';
import type { BotDetectionConfig } from './bot-detection.config';
import { BotDetectionMetrics } from './bot-detection.metrics';
import { BotDetectionService } from './bot-detection.service';
import { BotDetectionModule, type BotDetectionModuleOptions } from './bot-detection.module';
import { MetricsHttpModule } from './http/metrics-http.module';

export interface RunningBotDetection {
  grpc: RunningGrpcService;
  http: RunningHttpServer;
  metrics: BotDetectionMetrics;
  /** Stops HTTP, then gRPC (in-flight calls finish, Redis connections close). */
  stop(): Promise<void>;
}

/** The whole service as main.ts runs it; tests start it in-process with their own clock. */
export async function startBotDetection(
  config: ServiceConfig,
  botDetection: BotDetectionConfig,
  options: Partial<BotDetectionModuleOptions> & {
    logger?: Logger;
    handleSignals?: boolean;
    defaultMetrics?: boolean;
  } = {},
): Promise<RunningBotDetection> {
  const logger = options.logger ?? createLogger(config.service, config.logLevel);
  const metrics =
    options.metrics ?? new BotDetectionMetrics({ defaultMetrics: options.defaultMetrics });
  const grpc = await startGrpcService({
    config,
    module: BotDetectionModule.forRoot(botDetection, { ...options, metrics }),
    packages: [grpcPackages.botDetection],
    logger,
    handleSignals: options.handleSignals,
    // Check is on every login's path: grpc-js calls it directly, without NestJS's per-call work.
    directMethods: (app) => {
      const botDetection = app.get(BotDetectionService);
      return [
        {
          service: `${grpcPackages.botDetection.packageName}.${botDetectionV1alpha1.BOT_DETECTION_SERVICE_NAME}`,
          method: 'Check',
          handle: (caller, request: botDetectionV1alpha1.CheckRequest) =>
            botDetection.check(caller, request),
        },
      ];
    },
  });
  const http = await startHttpServer({
    module: MetricsHttpModule.forRoot(metrics),
    host: botDetection.http.host,
    port: botDetection.http.port,
    logger,
  });
  // The gRPC kit exits the process after its own graceful stop; close HTTP first.
  for (const signal of options.handleSignals === false ? [] : (['SIGTERM', 'SIGINT'] as const)) {
    process.prependOnceListener(signal, () => void http.stop());
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await http.stop();
      await grpc.stop();
    })());
  return { grpc, http, metrics, stop };
}
