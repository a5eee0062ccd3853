import { Controller, Get } from '@nestjs/common';

/** Kubernetes-style probes; no credentials, no Space data. */
@Controller()
export class ProbesController {
  /** Liveness: the process answers. */
  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the agent serves on its state, connected to its relay or floating. */
  @Get('readyz')
  readyz(): { status: 'ready' } {
    return { status: 'ready' };
  }
}
