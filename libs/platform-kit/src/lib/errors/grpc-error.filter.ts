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
    return throwError(() => grpcErrorOf(error, this.logger));
  }
}

/**
 * The error grpc-js sends for what a handler threw: the platform error's status, or INTERNAL
 * (logged, its message kept from the caller) for anything unexpected.
 */
export function grpcErrorOf(error: unknown, logger: Logger): Error & GrpcErrorStatus {
  const status = toGrpcStatus(error);
  if (!(error instanceof PlatformError) || error.kind === 'internal') {
    logger.error({ err: error }, 'unexpected error in a gRPC handler');
  }
  // grpc-js reads `code` and `details`; `message` keeps logs readable.
  return Object.assign(new Error(status.details), status);
}
