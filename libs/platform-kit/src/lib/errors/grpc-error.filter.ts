import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { PlatformError } from '@platform/errors';
import type { Logger } from 'pino';
import { throwError, type Observable } from 'rxjs';
import { toGrpcStatus, type GrpcErrorStatus } from './status-mapping';

/** Every error a gRPC handler throws leaves through here as a gRPC status. */
@Catch()
export class GrpcErrorFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown): Observable<GrpcErrorStatus> {
    const status = toGrpcStatus(error);
    if (!(error instanceof PlatformError) || error.kind === 'internal') {
      this.logger.error({ err: error }, 'unexpected error in a gRPC handler');
    }
    // grpc-js reads `code` and `details`; `message` keeps Nest's own logging readable.
    return throwError(() => Object.assign(new Error(status.details), status));
  }
}
