import { status } from '@grpc/grpc-js';
import type { ControlPlaneApi } from '../control-plane/control-plane.client';
import type {
  ControlPlaneMethod,
  ControlPlaneRequest,
  ControlPlaneResponse,
} from '../control-plane/control-plane-methods';
import { GrpcCallError } from '../control-plane/grpc-call.error';

/** Failures after which the same call may succeed: the message says how to retry without a second change. */
const RETRYABLE: readonly status[] = [status.UNAVAILABLE, status.ABORTED, status.DEADLINE_EXCEEDED];

/** Calls a mutation; a retryable failure names the request id to retry it with. */
export async function mutate<M extends ControlPlaneMethod>(
  controlPlane: ControlPlaneApi,
  method: M,
  request: ControlPlaneRequest<M> & { requestId: string },
): Promise<ControlPlaneResponse<M>> {
  try {
    return await controlPlane.call(method, request);
  } catch (error) {
    if (error instanceof GrpcCallError && RETRYABLE.includes(error.code)) {
      throw new GrpcCallError(
        error.code,
        error.details,
        `${error.message} (retry with --request-id ${request.requestId})`,
      );
    }
    throw error;
  }
}
