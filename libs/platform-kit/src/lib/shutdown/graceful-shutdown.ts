import type { INestMicroservice } from '@nestjs/common';
import { healthV1 } from '@platform/contracts';
import type { Logger } from 'pino';
import type { HealthStatusRegistry } from '../health/health-status.registry';

interface ShutdownOptions {
  app: INestMicroservice;
  /** Ends every call still open (grpc-js `forceShutdown`). */
  cutOpenCalls: () => void;
  health: HealthStatusRegistry;
  logger: Logger;
  /** In-flight calls (and open streams) get this long before they are cut. */
  graceMs: number;
  signals?: readonly NodeJS.Signals[];
}

/**
 * Wires SIGTERM and SIGINT to an orderly stop and returns the same stop for callers that own
 * the process (tests, the dev launcher). Health turns NOT_SERVING first; NestJS then closes the
 * gRPC server gracefully (no new calls, in-flight ones finish) and runs every provider's
 * shutdown hook, which is where Redis clients quit. Server streams never end by themselves,
 * so after the grace period the remaining calls are cut.
 */
export function gracefulShutdown(options: ShutdownOptions): () => Promise<void> {
  const { app, cutOpenCalls, health, logger, graceMs } = options;
  let stopping: Promise<void> | undefined;

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      health.setAll(healthV1.HealthCheckResponse_ServingStatus.NOT_SERVING);
      let forced = false;
      const deadline = setTimeout(() => {
        forced = true;
        logger.warn({ graceMs }, 'grace period over: cutting the calls still open');
        cutOpenCalls();
      }, graceMs);
      try {
        // Cutting calls after the grace period is the plan, not a failure: grpc-js then reports
        // the graceful shutdown as interrupted, which is expected.
        await app.close().catch((error: unknown) => {
          if (!forced) throw error;
        });
      } finally {
        clearTimeout(deadline);
        for (const signal of signals) process.removeListener(signal, onSignal);
      }
      logger.info('stopped');
    })();
    return stopping;
  };

  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down: refusing new calls, finishing in-flight ones');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.once(signal, onSignal);
  return stop;
}
