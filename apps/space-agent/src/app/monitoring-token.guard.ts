import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { UnauthenticatedError } from '@platform/errors';
import { SpaceAgent } from './space-agent';

/** Lets a request through only with `Authorization: Bearer <PLATFORM_MONITORING_TOKEN>`. */
@Injectable()
export class MonitoringTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(SpaceAgent) agent: SpaceAgent) {
    this.expected = digest(agent.config.monitoringToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer (.+)$/.exec(header) : null;
    // Digests have equal length, so the comparison takes the same time for every wrong token.
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new UnauthenticatedError('a monitoring bearer token is required');
    }
    return true;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
