import type {
  Server,
  ServerErrorResponse,
  ServerUnaryCall,
  ServiceDefinition,
  sendUnaryData,
} from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import type { WorkloadIdentity } from '@platform/pki';
import type { Logger } from 'pino';
import { grpcErrorOf } from '../errors/grpc-error.filter';
import { callerIdentityOf } from '../identity/caller-identity';
import { releaseCallWhenStreamCloses } from './server-call-stream';

/**
 * A unary method that grpc-js calls directly, outside NestJS's per-call pipeline (context, guard,
 * rxjs, filter). For the few methods on a latency-critical path: that pipeline allocates several
 * kilobytes per call and, under load, costs about a third of a small method's time. The method
 * keeps every promise the pipeline makes: the caller is the mTLS-verified workload (the same
 * check as the guard's), and errors leave as the same gRPC statuses as the filter's.
 */
export interface DirectUnaryMethod<Request = never, Response = unknown> {
  /** Fully-qualified service name, e.g. `platform.botdetection.v1alpha1.BotDetectionService`. */
  service: string;
  /** The method as the .proto names it, e.g. `Check`. */
  method: string;
  handle(caller: WorkloadIdentity, request: Request): Promise<Response>;
}

/**
 * Replaces the handlers NestJS registered for `methods` with direct ones. Called once the server
 * is bound and before it reports SERVING.
 */
export function serveDirectly(
  server: Server,
  definition: PackageDefinition,
  methods: readonly DirectUnaryMethod[],
  context: { trustDomain: string; logger: Logger },
): void {
  for (const direct of methods) {
    const service = definition[direct.service] as ServiceDefinition | undefined;
    const attributes = service?.[direct.method];
    if (!attributes || attributes.requestStream || attributes.responseStream) {
      throw new Error(
        `${direct.service}/${direct.method} is not a unary method this server serves`,
      );
    }
    server.unregister(attributes.path);
    server.register(
      attributes.path,
      directHandler(direct, context),
      attributes.responseSerialize,
      attributes.requestDeserialize,
      'unary',
    );
  }
}

function directHandler(
  direct: DirectUnaryMethod,
  context: { trustDomain: string; logger: Logger },
) {
  const fail = (callback: sendUnaryData<unknown>, error: unknown) =>
    callback(grpcErrorOf(error, context.logger) as ServerErrorResponse);
  return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
    releaseCallWhenStreamCloses(call);
    let caller: WorkloadIdentity;
    try {
      caller = callerIdentityOf(call, context.trustDomain);
    } catch (error) {
      fail(callback, error);
      return;
    }
    // The request is what the method's own deserializer produced, so it is its Request.
    direct.handle(caller, call.request as never).then(
      (response) => callback(null, response),
      (error: unknown) => fail(callback, error),
    );
  };
}
