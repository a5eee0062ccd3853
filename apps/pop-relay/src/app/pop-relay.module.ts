import { Module, type DynamicModule } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { DirectiveStreamRepository } from './directive-stream.repository';
import { LiveSubscriptionRegistry } from './live-subscription.registry';
import { RedisConnections } from './redis-connections';
import { RELAY_CONFIG, type RelayConfig } from './relay.config';
import { RelayController } from './relay.controller';
import { RelayService } from './relay.service';

/** A PoP's directive relay (`platform.relay.v1alpha1.RelayService`) over the PoP's Redis. */
@Module({})
export class PopRelayModule {
  static forRoot(config: RelayConfig): DynamicModule {
    return {
      module: PopRelayModule,
      controllers: [RelayController],
      providers: [
        { provide: RELAY_CONFIG, useValue: config },
        { provide: Clock, useClass: SystemClock },
        RedisConnections,
        DirectiveStreamRepository,
        LiveSubscriptionRegistry,
        RelayService,
      ],
    };
  }
}
