import type { Metadata } from '@grpc/grpc-js';
import type { PlatformError } from '@platform/errors';
import { UnimplementedAnswer } from './unimplemented-answer';
import type {
  ControlPlaneMethod,
  ControlPlaneRequest,
  ControlPlaneResponse,
} from '../lib/control-plane/control-plane-methods';

/** One call the fake control plane received, as the server decoded it. */
export type RecordedCall = {
  [M in ControlPlaneMethod]: {
    method: M;
    request: ControlPlaneRequest<M>;
    /** The `authorization` metadata, if any. */
    authorization?: string;
    /** SPIFFE-style name of the client certificate the mutual-TLS guard verified. */
    caller: string;
  };
}[ControlPlaneMethod];

type Answer<M extends ControlPlaneMethod> = ControlPlaneResponse<M> | PlatformError;
type Answering<M extends ControlPlaneMethod> =
  Answer<M> | ((request: ControlPlaneRequest<M>) => Answer<M> | Promise<Answer<M>>);

/**
 * The control plane's behaviour at platformctl's boundary: records every call and answers what
 * the test told it to (a response or a platform error, which the real error filter maps to a gRPC
 * status).
 */
export class RecordingControlPlane {
  readonly calls: RecordedCall[] = [];
  private readonly answers = new Map<ControlPlaneMethod, Answering<ControlPlaneMethod>>();

  /** What `method` answers from now on: always the same, or computed from each request. */
  answer<M extends ControlPlaneMethod>(method: M, answer: Answering<M>): void {
    this.answers.set(method, answer);
  }

  callsOf<M extends ControlPlaneMethod>(method: M): Extract<RecordedCall, { method: M }>[] {
    return this.calls.filter(
      (call): call is Extract<RecordedCall, { method: M }> => call.method === method,
    );
  }

  reset(): void {
    this.calls.length = 0;
    this.answers.clear();
  }

  async handle<M extends ControlPlaneMethod>(
    method: M,
    request: ControlPlaneRequest<M>,
    metadata: Metadata | undefined,
    caller: string,
  ): Promise<ControlPlaneResponse<M>> {
    const authorization = metadata?.get('authorization')[0];
    this.calls.push({
      method,
      request,
      caller,
      ...(typeof authorization === 'string' ? { authorization } : {}),
    } as RecordedCall);
    const answering = (this.answers.get(method) ?? new UnimplementedAnswer(method)) as Answering<M>;
    const answer = typeof answering === 'function' ? await answering(request) : answering;
    if (answer instanceof Error) throw answer;
    return answer;
  }
}
