import type { Server } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import type { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { grpcPackages, healthV1, type ProtoPackage } from '@platform/contracts';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/service-config';
import { GrpcErrorFilter } from '../errors/grpc-error.filter';
import { HealthStatusRegistry } from '../health/health-status.registry';
import { createLogger } from '../logging/create-logger';
import { NestLoggerAdapter } from '../logging/nest-logger.adapter';
import { ServiceKitModule } from '../service-kit.module';
import { gracefulShutdown } from '../shutdown/graceful-shutdown';
import { mutualTlsServerCredentials, readTlsMaterial } from '../tls/tls-material';
import { serveDirectly, type DirectUnaryMethod } from './direct-unary-method';
import { grpcLoaderOptions } from './grpc-loader-options';

export interface GrpcServiceDefinition {
  config: ServiceConfig;
  /** The service's own module (controllers and providers); the kit's module is added to it. */
  module: Type<unknown> | DynamicModule;
  /** The packages the service implements; `grpc.health.v1` is always served. */
  packages: readonly ProtoPackage[];
  logger?: Logger;
  /** Stop on SIGTERM/SIGINT (default). Off when the caller owns the process, as tests do. */
  handleSignals?: boolean;
  /**
   * Unary methods grpc-js calls directly instead of through NestJS (see
   * {@link DirectUnaryMethod}); they get their providers from the started application.
   */
  directMethods?: (app: INestMicroservice) => readonly DirectUnaryMethod[];
}

export interface RunningGrpcService {
  /** `host:port` the server listens on. */
  address: string;
  app: INestMicroservice;
  logger: Logger;
  /** Stops as SIGTERM does: NOT_SERVING, refuse new calls, finish in-flight ones, close resources. */
  stop(): Promise<void>;
}

/** Starts a NestJS gRPC server that requires mutual TLS and serves gRPC health. */
export async function startGrpcService(
  definition: GrpcServiceDefinition,
): Promise<RunningGrpcService> {
  const { config } = definition;
  const logger = definition.logger ?? createLogger(config.service, config.logLevel);
  const packages = [grpcPackages.health, ...definition.packages];
  const address = `${config.grpc.host}:${config.grpc.port}`;

  let grpcServer: Server | undefined;
  let packageDefinition: PackageDefinition | undefined;
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(
    {
      module: class ServiceRootModule {},
      imports: [ServiceKitModule.forRoot(config, logger), definition.module],
    },
    {
      logger: new NestLoggerAdapter(logger),
      transport: Transport.GRPC,
      options: {
        url: address,
        package: packages.map((definitionPackage) => definitionPackage.packageName),
        protoPath: packages.map((definitionPackage) => definitionPackage.protoFile),
        loader: grpcLoaderOptions(),
        credentials: mutualTlsServerCredentials(readTlsMaterial(config.tls)),
        gracefulShutdown: true,
        // NestJS keeps the grpc-js server to itself (`unwrap` throws for gRPC); shutdown needs
        // it to cut the calls still open after the grace period.
        onLoadPackageDefinition: (definition: PackageDefinition, server: Server) => {
          packageDefinition = definition;
          grpcServer = server;
        },
      },
    },
  );
  app.useGlobalFilters(new GrpcErrorFilter(logger));
  await app.listen();
  const directMethods = definition.directMethods?.(app) ?? [];
  try {
    if (directMethods.length > 0) {
      if (!grpcServer || !packageDefinition)
        throw new Error('NestJS did not hand over the grpc-js server: no direct methods possible');
      serveDirectly(grpcServer, packageDefinition, directMethods, {
        trustDomain: config.trustDomain,
        logger,
      });
    }
  } catch (error) {
    await app.close();
    throw error;
  }

  const health = app.get(HealthStatusRegistry);
  for (const service of ['', ...packages.flatMap((hosted) => hosted.services)]) {
    health.set(service, healthV1.HealthCheckResponse_ServingStatus.SERVING);
  }
  logger.info(
    { address, packages: packages.map((hosted) => hosted.packageName) },
    'gRPC server listening (mutual TLS)',
  );

  const stop = gracefulShutdown({
    app,
    cutOpenCalls: () => grpcServer?.forceShutdown(),
    health,
    logger,
    graceMs: config.shutdownGraceMs,
    signals: definition.handleSignals === false ? [] : undefined,
  });
  return { address, app, logger, stop };
}
