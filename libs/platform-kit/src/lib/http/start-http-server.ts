import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { NestLoggerAdapter } from '../logging/nest-logger.adapter';
import { HttpErrorFilter } from './http-error.filter';

export interface HttpServerDefinition {
  /** The module whose controllers serve HTTP. It gets no mTLS guard: it guards its own routes. */
  module: Type<unknown> | DynamicModule;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  logger: Logger;
}

export interface RunningHttpServer {
  /** `host:port` the server listens on. */
  address: string;
  app: INestApplication;
  /** Closes the listener and runs every provider's shutdown hook. */
  stop(): Promise<void>;
}

/**
 * Starts a plain-HTTP NestJS server (Express) next to a service's gRPC server, for endpoints that
 * tools outside the platform PKI scrape: liveness and readiness probes, Prometheus metrics.
 * Errors map to HTTP statuses through the kit's one table. Signals are left to the caller
 * (usually the gRPC server's graceful shutdown), so call `stop()` from there.
 */
export async function startHttpServer(
  definition: HttpServerDefinition,
): Promise<RunningHttpServer> {
  const { logger } = definition;
  const app = await NestFactory.create(definition.module, {
    logger: new NestLoggerAdapter(logger),
    bodyParser: false,
  });
  app.useGlobalFilters(new HttpErrorFilter(logger));
  await app.listen(definition.port, definition.host);
  const bound = app.getHttpServer().address() as { port: number } | string | null;
  const port = typeof bound === 'object' && bound !== null ? bound.port : definition.port;
  const address = `${definition.host}:${port}`;
  logger.info({ address }, 'HTTP server listening');

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= app.close());
  return { address, app, stop };
}
