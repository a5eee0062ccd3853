import { Controller } from '@nestjs/common';
import { NotFoundError } from '@platform/errors';
import { healthV1 } from '@platform/contracts';
import { map, type Observable } from 'rxjs';
import { HealthStatusRegistry } from './health-status.registry';

/** The standard `grpc.health.v1.Health` service, served by every platform server. */
@Controller()
@healthV1.HealthControllerMethods()
export class HealthController implements healthV1.HealthController {
  constructor(private readonly registry: HealthStatusRegistry) {}

  check(request: healthV1.HealthCheckRequest): healthV1.HealthCheckResponse {
    const status = this.registry.get(request.service);
    if (status === undefined)
      throw new NotFoundError(`service "${request.service}" is not served here`);
    return { status };
  }

  watch(request: healthV1.HealthCheckRequest): Observable<healthV1.HealthCheckResponse> {
    return this.registry.watch(request.service).pipe(map((status) => ({ status })));
  }
}
