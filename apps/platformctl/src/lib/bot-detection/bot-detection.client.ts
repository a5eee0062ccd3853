import {
  Client,
  connectivityState,
  credentials,
  Metadata,
  status,
  type ServiceError,
} from '@grpc/grpc-js';
import type { botDetectionV1alpha1 as bd } from '@platform/contracts';
import { once } from 'node:events';
import type { OperatorCredentials } from '../config/operator-credentials';
import { GrpcCallError, unreachableServerError } from '../control-plane/grpc-call.error';
import {
  botDetectionMethod,
  importSignaturesMethod,
  type BotDetectionMethod,
  type BotDetectionRequest,
  type BotDetectionResponse,
} from './bot-detection-methods';

export interface BotDetectionTarget {
  /** `host:port`. */
  address: string;
  /** Where the address came from, for the message when it cannot be reached. */
  configuredIn: string;
  credentials: OperatorCredentials;
  /** Deadline of each unary call, and how long an import waits for the answer after its last batch. */
  timeoutMs: number;
}

/** What the bot-detection commands need from a PoP's service. */
export interface BotDetectionApi {
  call<M extends BotDetectionMethod>(
    method: M,
    request: BotDetectionRequest<M>,
  ): Promise<BotDetectionResponse<M>>;
  /**
   * Streams `batches` (each at most 1000 signatures) as they come, waiting whenever the
   * connection's buffer is full, and resolves with the service's one answer. `sent` hears of each
   * batch once it is handed to the connection.
   */
  importSignatures(
    batches: AsyncIterable<bd.Signature[]>,
    sent: (count: number) => void,
  ): Promise<bd.ImportSignaturesResponse>;
}

/**
 * BotDetectionService over mutual TLS with the operator's certificate (the service admits
 * operators by it) and bearer token, encoded with the generated codecs. Failures become
 * {@link GrpcCallError}s.
 */
export class BotDetectionClient implements BotDetectionApi {
  private readonly client: Client;

  constructor(private readonly target: BotDetectionTarget) {
    const { tls } = target.credentials;
    this.client = new Client(target.address, credentials.createSsl(tls.ca, tls.key, tls.cert), {
      // A private subchannel pool, so close() drops the connection at once and the CLI exits.
      'grpc.use_local_subchannel_pool': 1,
    });
  }

  call<M extends BotDetectionMethod>(
    method: M,
    request: BotDetectionRequest<M>,
  ): Promise<BotDetectionResponse<M>> {
    const { path, serialize, deserialize } = botDetectionMethod(method);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path,
        serialize,
        deserialize,
        request,
        this.metadata(),
        { deadline: Date.now() + this.target.timeoutMs },
        (error, response) => {
          if (error) reject(this.failure(error));
          else if (response) resolve(response);
          else reject(new GrpcCallError(status.INTERNAL, 'empty response'));
        },
      );
    });
  }

  async importSignatures(
    batches: AsyncIterable<bd.Signature[]>,
    sent: (count: number) => void,
  ): Promise<bd.ImportSignaturesResponse> {
    const { path, serialize, deserialize } = importSignaturesMethod;
    let settled = false;
    // No deadline on the call itself: a large feed may take minutes to send. The answer after the
    // last batch is held to the timeout below instead.
    const call = this.client.makeClientStreamRequest(
      path,
      serialize,
      deserialize,
      this.metadata(),
      {},
      (error, response) => {
        settled = true;
        if (error) rejectAnswer(this.failure(error));
        else if (response) resolveAnswer(response);
        else rejectAnswer(new GrpcCallError(status.INTERNAL, 'empty response'));
      },
    );
    let resolveAnswer!: (response: bd.ImportSignaturesResponse) => void;
    let rejectAnswer!: (error: Error) => void;
    const answer = new Promise<bd.ImportSignaturesResponse>((resolve, reject) => {
      resolveAnswer = resolve;
      rejectAnswer = reject;
    });
    // An early answer is an error (a success comes only after end()); it ends the reading below.
    answer.catch(() => undefined);
    try {
      for await (const signatures of batches) {
        if (settled) break;
        const flushed = call.write({ signatures });
        sent(signatures.length);
        if (!flushed) await Promise.race([once(call, 'drain'), answer.catch(() => undefined)]);
      }
    } catch (error) {
      // The input failed (say, a read error): the service must not take a partial import as done.
      call.cancel();
      throw error;
    }
    if (!settled) call.end();
    const timer = setTimeout(() => {
      if (settled) return;
      call.cancel();
      rejectAnswer(
        new GrpcCallError(
          status.DEADLINE_EXCEEDED,
          `no answer ${this.target.timeoutMs / 1000} s after the last batch`,
        ),
      );
    }, this.target.timeoutMs);
    try {
      return await answer;
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.client.close();
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    const { token } = this.target.credentials;
    if (token) metadata.set('authorization', `Bearer ${token}`);
    return metadata;
  }

  private failure(error: ServiceError): GrpcCallError {
    // grpc-js appends an empty "Resolution note: " to connection failures; it only adds noise.
    const details = (error.details || error.message).replace(/\.?\s*Resolution note:\s*$/, '');
    // The same codes without a ready channel mean the connection itself failed.
    const connected =
      this.client.getChannel().getConnectivityState(false) === connectivityState.READY;
    if (!connected && [status.UNAVAILABLE, status.DEADLINE_EXCEEDED].includes(error.code)) {
      return unreachableServerError(error.code, details, {
        name: 'bot-detection service',
        address: this.target.address,
        configuredIn: this.target.configuredIn,
      });
    }
    return new GrpcCallError(error.code, details);
  }
}
