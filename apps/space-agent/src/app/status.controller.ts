import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { MonitoringTokenGuard } from './monitoring-token.guard';
import { SpaceAgent, type AgentStatus } from './space-agent';

@Controller()
@UseGuards(MonitoringTokenGuard)
export class StatusController {
  constructor(@Inject(SpaceAgent) private readonly agent: SpaceAgent) {}

  @Get('status')
  status(): AgentStatus {
    return this.agent.status();
  }
}
