import { Module, type DynamicModule } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MonitoringTokenGuard } from './monitoring-token.guard';
import { ProbesController } from './probes.controller';
import { SpaceAgent } from './space-agent';
import { StatusController } from './status.controller';

/**
 * A Space's agent on HTTP: probes, status and metrics of the {@link SpaceAgent} that follows
 * the PoP relay. Its gRPC server (mutual TLS) serves health only.
 */
@Module({})
export class SpaceAgentModule {
  static forRoot(agent: SpaceAgent): DynamicModule {
    return {
      module: SpaceAgentModule,
      controllers: [ProbesController, StatusController, MetricsController],
      providers: [{ provide: SpaceAgent, useValue: agent }, MonitoringTokenGuard],
    };
  }
}

/** The gRPC side: the kit's health service, nothing of the agent's own. */
@Module({})
export class SpaceAgentGrpcModule {}
