import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  ConflictError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  PlatformError,
  ResourceExhaustedError,
  UnavailableError,
} from '@platform/errors';
import { TimeoutError } from 'rxjs';

/** What grpc-js (through NestJS's client) rejects a call with. */
interface GrpcCallFailure {
  code: number;
  details?: string;
}

function isGrpcCallFailure(error: unknown): error is GrpcCallFailure {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'number'
  );
}

/**
 * Turns a failed relay call into the platform error that says whether retrying may help:
 * unreachable, timed out or cut calls become `UnavailableError`, a full backlog
 * `ResourceExhaustedError`, and the relay's refusals keep their own kind.
 *
 * @param call names the PoP and RPC, for example `relay of aws-us-east-1: Publish`.
 */
export function relayCallError(call: string, error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  if (error instanceof TimeoutError) {
    return new UnavailableError(`${call}: no answer before the deadline`, { cause: error });
  }
  if (!isGrpcCallFailure(error)) {
    return new UnavailableError(`${call}: ${String(error)}`, { cause: error });
  }
  const message = `${call}: ${error.details || `gRPC status ${error.code}`}`;
  switch (error.code) {
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.CANCELLED:
      return new UnavailableError(message, { cause: error });
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return new ResourceExhaustedError(message, { cause: error });
    case GrpcStatus.INVALID_ARGUMENT:
      // The relay names the offending field first ("directive.payload: ..."); keep its words.
      return new InvalidArgumentError('directive', message);
    case GrpcStatus.NOT_FOUND:
      return new NotFoundError(message, { cause: error });
    case GrpcStatus.ALREADY_EXISTS:
      return new AlreadyExistsError(message, { cause: error });
    case GrpcStatus.ABORTED:
      return new ConflictError(message, { cause: error });
    case GrpcStatus.PERMISSION_DENIED:
    case GrpcStatus.UNAUTHENTICATED:
      return new PermissionDeniedError(message, { cause: error });
    case GrpcStatus.FAILED_PRECONDITION:
    case GrpcStatus.UNIMPLEMENTED:
      return new FailedPreconditionError(message, { cause: error });
    default:
      return new InternalError(message, { cause: error });
  }
}
