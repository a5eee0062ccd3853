import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  ConflictError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
  UnavailableError,
} from '@platform/errors';
import { toGrpcStatus, toHttpStatus } from './status-mapping';

describe(toGrpcStatus.name, () => {
  it.each([
    [
      new InvalidArgumentError('spec.tier', 'unknown tier "gold"'),
      GrpcStatus.INVALID_ARGUMENT,
      400,
    ],
    [new NotFoundError('space "x" not found'), GrpcStatus.NOT_FOUND, 404],
    [new AlreadyExistsError('space "x" exists'), GrpcStatus.ALREADY_EXISTS, 409],
    [new ConflictError('remote moved'), GrpcStatus.ABORTED, 409],
    [new FailedPreconditionError('pop has spaces'), GrpcStatus.FAILED_PRECONDITION, 412],
    [new PermissionDeniedError('central only'), GrpcStatus.PERMISSION_DENIED, 403],
    [new UnauthenticatedError('no token'), GrpcStatus.UNAUTHENTICATED, 401],
    [new ResourceExhaustedError('backlog full'), GrpcStatus.RESOURCE_EXHAUSTED, 429],
    [new UnavailableError('redis down'), GrpcStatus.UNAVAILABLE, 503],
  ])('maps %p to its gRPC and HTTP status with its message', (error, grpc, http) => {
    expect(toGrpcStatus(error)).toEqual({ code: grpc, details: error.message });
    expect(toHttpStatus(error)).toBe(http);
  });

  it('keeps the field path in invalid-argument details', () => {
    expect(
      toGrpcStatus(new InvalidArgumentError('spec.maintenanceWindow.start', 'expected HH:MM'))
        .details,
    ).toBe('spec.maintenanceWindow.start: expected HH:MM');
  });

  it('hides the message of internal errors and of unknown exceptions', () => {
    expect(toGrpcStatus(new InternalError('index 7 out of range'))).toEqual({
      code: GrpcStatus.INTERNAL,
      details: 'internal error',
    });
    expect(toGrpcStatus(new TypeError('x is undefined'))).toEqual({
      code: GrpcStatus.INTERNAL,
      details: 'internal error',
    });
    expect(toHttpStatus(new TypeError('x is undefined'))).toBe(500);
  });
});
