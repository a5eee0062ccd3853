import type { DynamicModule, Type } from '@nestjs/common';
import type { ProtoPackage } from '@platform/contracts';
import { loadServiceConfig } from '../config/load-service-config';
import { startGrpcService } from './start-grpc-service';

/**
 * The whole `main.ts` of a service without settings of its own: configuration from the
 * environment, a mutual-TLS gRPC server with health, and an orderly stop on SIGTERM/SIGINT.
 * A failure to start is one line on stderr and exit code 1.
 */
export function runGrpcService(
  service: string,
  module: Type<unknown> | DynamicModule,
  packages: readonly ProtoPackage[],
): void {
  const { config } = loadServiceConfig(service);
  startGrpcService({ config, module, packages }).catch((error: unknown) => {
    process.stderr.write(
      `${service}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
