import {
  Client,
  connectivityState,
  credentials,
  Metadata,
  status,
  type ServiceError,
} from '@grpc/grpc-js';
import type { OperatorCredentials } from '../config/operator-credentials';
import {
  unaryMethod,
  type ControlPlaneMethod,
  type ControlPlaneRequest,
  type ControlPlaneResponse,
} from './control-plane-methods';
import { GrpcCallError, unreachableServerError } from './grpc-call.error';

export interface ControlPlaneTarget {
  /** `host:port`. */
  address: string;
  /** Where the address was configured, for the message when it cannot be reached. */
  configuredIn: string;
  credentials: OperatorCredentials;
  /** Deadline of each call. */
  timeoutMs: number;
}

/** What the commands need from the control plane: one typed call per RPC. */
export interface ControlPlaneApi {
  call<M extends ControlPlaneMethod>(
    method: M,
    request: ControlPlaneRequest<M>,
  ): Promise<ControlPlaneResponse<M>>;
}

/**
 * ControlPlaneService over mutual TLS, encoded with the generated ts-proto codecs. Each call
 * carries the operator's bearer token and a real gRPC deadline (the server sees it too). Failures
 * become {@link GrpcCallError}s.
 */
export class ControlPlaneClient implements ControlPlaneApi {
  private readonly client: Client;

  constructor(private readonly target: ControlPlaneTarget) {
    const { tls } = target.credentials;
    this.client = new Client(target.address, credentials.createSsl(tls.ca, tls.key, tls.cert), {
      // A private subchannel pool, so close() drops the connection at once and the CLI exits.
      'grpc.use_local_subchannel_pool': 1,
    });
  }

  call<M extends ControlPlaneMethod>(
    method: M,
    request: ControlPlaneRequest<M>,
  ): Promise<ControlPlaneResponse<M>> {
    const { path, serialize, deserialize } = unaryMethod(method);
    const metadata = new Metadata();
    const { token } = this.target.credentials;
    if (token) metadata.set('authorization', `Bearer ${token}`);
    const deadline = Date.now() + this.target.timeoutMs;
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        serialize,
        deserialize,
        request,
        metadata,
        { deadline },
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
    // grpc-js appends an empty "Resolution note: " to connection failures; it only adds noise.
    const details = (error.details || error.message).replace(/\.?\s*Resolution note:\s*$/, '');
    // A status the server sent arrives on a ready channel; the same codes without a ready channel
    // mean the connection itself failed (refused, TLS handshake, no route).
    const connected =
      this.client.getChannel().getConnectivityState(false) === connectivityState.READY;
    const transportCodes: readonly status[] = [status.UNAVAILABLE, status.DEADLINE_EXCEEDED];
    if (!connected && transportCodes.includes(error.code)) {
      return unreachableServerError(error.code, details, {
        name: 'control plane',
        address: this.target.address,
        configuredIn: this.target.configuredIn,
      });
    }
    return new GrpcCallError(error.code, details);
  }
}
