import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import type { ServiceConfig } from './config/service-config';
import { HealthController } from './health/health.controller';
import { HealthStatusRegistry } from './health/health-status.registry';
import { MutualTlsIdentityGuard } from './identity/mutual-tls-identity.guard';
import { clockFor } from './clock/platform-clock';
import { SERVICE_CLOCK, SERVICE_CONFIG, SERVICE_LOGGER } from './service-kit.tokens';

/** What every service gets: its config and logger, gRPC health, and the mTLS identity check. */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: ServiceKitModule,
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_LOGGER, useValue: logger },
        {
          provide: SERVICE_CLOCK,
          useValue: clockFor(config.clockFile, (message) => logger.warn(message)),
        },
        HealthStatusRegistry,
        { provide: APP_GUARD, useClass: MutualTlsIdentityGuard },
      ],
      exports: [SERVICE_CONFIG, SERVICE_LOGGER, SERVICE_CLOCK, HealthStatusRegistry],
    };
  }
}
