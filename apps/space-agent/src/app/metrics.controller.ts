import { Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import { Registry } from 'prom-client';
import { MonitoringTokenGuard } from './monitoring-token.guard';
import { SpaceAgent } from './space-agent';

@Controller()
@UseGuards(MonitoringTokenGuard)
export class MetricsController {
  constructor(@Inject(SpaceAgent) private readonly agent: SpaceAgent) {}

  @Get('metrics')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  metrics(): Promise<string> {
    return this.agent.metrics.registry.metrics();
  }
}
