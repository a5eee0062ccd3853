import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  FailedPreconditionError,
  InvalidArgumentError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnavailableError,
} from '@platform/errors';
import { TimeoutError } from 'rxjs';
import { relayCallError } from './relay-call-error';

describe(relayCallError.name, () => {
  const call = 'relay of PoP "aws-us-east-1": Publish';

  it.each([
    [GrpcStatus.UNAVAILABLE, UnavailableError],
    [GrpcStatus.DEADLINE_EXCEEDED, UnavailableError],
    [GrpcStatus.RESOURCE_EXHAUSTED, ResourceExhaustedError],
    [GrpcStatus.INVALID_ARGUMENT, InvalidArgumentError],
    [GrpcStatus.PERMISSION_DENIED, PermissionDeniedError],
    [GrpcStatus.FAILED_PRECONDITION, FailedPreconditionError],
  ])('turns gRPC status %s into the error that says whether to retry', (code, expected) => {
    const error = relayCallError(call, { code, details: 'what the relay said' });

    expect(error).toBeInstanceOf(expected);
    expect(error.message).toContain('what the relay said');
    expect(error.message).toContain(call);
  });

  it('counts a call that outlived its deadline as unavailable', () => {
    expect(relayCallError(call, new TimeoutError())).toBeInstanceOf(UnavailableError);
  });
});
