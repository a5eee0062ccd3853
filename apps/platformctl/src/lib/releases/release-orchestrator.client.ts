import {
  Client,
  connectivityState,
  credentials,
  Metadata,
  status,
  type ServiceError,
} from '@grpc/grpc-js';
import type { OperatorCredentials } from '../config/operator-credentials';
import { GrpcCallError, unreachableServerError } from '../control-plane/grpc-call.error';
import {
  releaseMethod,
  type ReleaseMethod,
  type ReleaseRequest,
  type ReleaseResponse,
} from './release-methods';

export interface ReleaseOrchestratorTarget {
  address: string;
  configuredIn: string;
  credentials: OperatorCredentials;
  timeoutMs: number;
}

/** What the release commands need from the orchestrator: one typed call per RPC. */
export interface ReleaseApi {
  call<M extends ReleaseMethod>(method: M, request: ReleaseRequest<M>): Promise<ReleaseResponse<M>>;
}

/** ReleaseService over mutual TLS with the operator's bearer token; failures become {@link GrpcCallError}s. */
export class ReleaseOrchestratorClient implements ReleaseApi {
  private readonly client: Client;

  constructor(private readonly target: ReleaseOrchestratorTarget) {
    const { tls } = target.credentials;
    this.client = new Client(target.address, credentials.createSsl(tls.ca, tls.key, tls.cert), {
      'grpc.use_local_subchannel_pool': 1,
    });
  }

  call<M extends ReleaseMethod>(
    method: M,
    request: ReleaseRequest<M>,
  ): Promise<ReleaseResponse<M>> {
    const { path, serialize, deserialize } = releaseMethod(method);
    const metadata = new Metadata();
    if (this.target.credentials.token)
      metadata.set('authorization', `Bearer ${this.target.credentials.token}`);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        serialize,
        deserialize,
        request,
        metadata,
        { deadline: Date.now() + this.target.timeoutMs },
        (error, response) => {
          if (error) reject(this.failure(error));
          else if (response) resolve(response);
          else reject(new GrpcCallError(status.INTERNAL, 'empty response'));
        },
      );
    });
  }

  close(): void {
    this.client.close();
  }

  private failure(error: ServiceError): GrpcCallError {
    const details = (error.details || error.message).replace(/\.?\s*Resolution note:\s*$/, '');
    const connected =
      this.client.getChannel().getConnectivityState(false) === connectivityState.READY;
    if (!connected && [status.UNAVAILABLE, status.DEADLINE_EXCEEDED].includes(error.code)) {
      return unreachableServerError(error.code, details, {
        name: 'release orchestrator',
        address: this.target.address,
        configuredIn: this.target.configuredIn,
      });
    }
    return new GrpcCallError(error.code, details);
  }
}
