import { status as GrpcStatus } from '@grpc/grpc-js';
import { PlatformError, type ErrorKind } from '@platform/errors';

/** The one table that turns the platform's error kinds into gRPC and HTTP statuses. */
const statusByKind: Record<ErrorKind, { grpc: GrpcStatus; http: number }> = {
  'invalid-argument': { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400 },
  'not-found': { grpc: GrpcStatus.NOT_FOUND, http: 404 },
  'already-exists': { grpc: GrpcStatus.ALREADY_EXISTS, http: 409 },
  conflict: { grpc: GrpcStatus.ABORTED, http: 409 },
  'failed-precondition': { grpc: GrpcStatus.FAILED_PRECONDITION, http: 412 },
  'permission-denied': { grpc: GrpcStatus.PERMISSION_DENIED, http: 403 },
  unauthenticated: { grpc: GrpcStatus.UNAUTHENTICATED, http: 401 },
  'resource-exhausted': { grpc: GrpcStatus.RESOURCE_EXHAUSTED, http: 429 },
  unavailable: { grpc: GrpcStatus.UNAVAILABLE, http: 503 },
  'deadline-exceeded': { grpc: GrpcStatus.DEADLINE_EXCEEDED, http: 504 },
  internal: { grpc: GrpcStatus.INTERNAL, http: 500 },
};

export interface GrpcErrorStatus {
  code: GrpcStatus;
  /** What the caller sees; internal errors never leak their message. */
  details: string;
}

export function toGrpcStatus(error: unknown): GrpcErrorStatus {
  if (error instanceof PlatformError && error.kind !== 'internal') {
    return { code: statusByKind[error.kind].grpc, details: error.message };
  }
  return { code: GrpcStatus.INTERNAL, details: 'internal error' };
}

export function toHttpStatus(error: unknown): number {
  return error instanceof PlatformError ? statusByKind[error.kind].http : 500;
}
