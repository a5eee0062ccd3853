import { status as GrpcStatus } from '@grpc/grpc-js';
import { grpcPackages, relayV1alpha1 } from '@platform/contracts';
import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  ResourceExhaustedError,
} from '@platform/errors';
import { createGrpcServiceClient, type GrpcServiceClient } from '@platform/platform-kit';
import { firstValueFrom, timeout, type Observable } from 'rxjs';
import { relayCallError } from './relay-call-error';
import type {
  RelayBatchResult,
  RelayBoundDirective,
  RelayGateway,
  RelayPublishOutcome,
  RelaySpaceDelivery,
} from './relay.gateway';

/** PEM of the platform CA and of the control plane's own workload certificate and key. */
export interface RelayGatewayTls {
  caCertPem: string | Buffer;
  certPem: string | Buffer;
  keyPem: string | Buffer;
}

export interface GrpcRelayGatewayOptions {
  /** `host:port` of each PoP's relay, by PoP name. */
  relays: Record<string, string>;
  tls: RelayGatewayTls;
  /** How long one call may take before it counts as unavailable; default 5 s. */
  callDeadlineMs?: number;
  /** Status calls in flight at once per `deliveryStatus`; default 16. */
  statusConcurrency?: number;
}

type RelayClient = relayV1alpha1.RelayServiceClient;

/**
 * One PublishBatch call carries at most this many directives and payload bytes: below the
 * relay's 500 and well below gRPC's default 4 MiB message limit (a payload may be 64 KiB).
 */
const BATCH_DIRECTIVES = 250;
const BATCH_BYTES = 1024 * 1024;

/**
 * {@link RelayGateway} over gRPC with mutual TLS: one client per PoP, created on first use and
 * kept, every call bounded by a deadline.
 */
export class GrpcRelayGateway implements RelayGateway {
  private readonly clients = new Map<string, GrpcServiceClient<RelayClient>>();
  private readonly deadlineMs: number;
  private readonly statusConcurrency: number;
  /** PoPs whose relay answered UNIMPLEMENTED to PublishBatch. */
  private readonly withoutBatch = new Set<string>();

  constructor(private readonly options: GrpcRelayGatewayOptions) {
    this.deadlineMs = options.callDeadlineMs ?? 5_000;
    this.statusConcurrency = options.statusConcurrency ?? 16;
  }

  async publish(pop: string, directive: RelayBoundDirective): Promise<RelayPublishOutcome> {
    const call = `relay of PoP "${pop}": Publish of directive "${directive.id}"`;
    const client = this.clientFor(pop, call);
    try {
      const response = await this.unary(client.publish({ directive: directive.signed }));
      return response.duplicate ? 'duplicate' : 'accepted';
    } catch (error) {
      const failure = relayCallError(call, error);
      // The relay answers a known id with `duplicate: true`; a relay that says ALREADY_EXISTS
      // instead means the same thing: the directive is there.
      if (failure instanceof AlreadyExistsError) return 'duplicate';
      throw failure;
    }
  }

  async publishBatch(
    pop: string,
    directives: readonly RelayBoundDirective[],
  ): Promise<RelayBatchResult[]> {
    const results: RelayBatchResult[] = [];
    // One call after the other: a Space's directives stay in order across calls.
    for (const chunk of batches(directives)) {
      if (this.withoutBatch.has(pop)) {
        results.push(...(await this.publishEach(pop, chunk)));
        continue;
      }
      const call = `relay of PoP "${pop}": PublishBatch of ${chunk.length} directives`;
      const client = this.clientFor(pop, call);
      let response: relayV1alpha1.PublishBatchResponse;
      try {
        response = await this.unary(
          client.publishBatch({ directives: chunk.map((directive) => directive.signed) }),
        );
      } catch (error) {
        const failure = relayCallError(call, error);
        if (!isUnimplemented(error)) throw failure;
        // A relay older than PublishBatch: publish one by one from now on.
        this.withoutBatch.add(pop);
        results.push(...(await this.publishEach(pop, chunk)));
        continue;
      }
      if (response.results.length !== chunk.length) {
        throw new FailedPreconditionError(
          `${call}: the relay answered ${response.results.length} results for ${chunk.length} directives`,
        );
      }
      response.results.forEach((result, index) =>
        results.push(batchResult(`relay of PoP "${pop}"`, chunk[index], result)),
      );
    }
    return results;
  }

  async deliveryStatus(pop: string, spaces: string[]): Promise<Map<string, RelaySpaceDelivery>> {
    const call = `relay of PoP "${pop}": GetDeliveryStatus`;
    const client = this.clientFor(pop, call);
    const found = new Map<string, RelaySpaceDelivery>();
    const queue = [...new Set(spaces)];
    const worker = async (): Promise<void> => {
      for (let space = queue.shift(); space !== undefined; space = queue.shift()) {
        const status = await this.spaceStatus(client, call, space);
        if (status) found.set(space, status);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.statusConcurrency, queue.length) }, worker),
    );
    return found;
  }

  /** Closes every relay connection; the gateway opens new ones if used again. */
  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private async spaceStatus(
    client: RelayClient,
    call: string,
    space: string,
  ): Promise<RelaySpaceDelivery | undefined> {
    try {
      const response = await this.unary(
        client.getDeliveryStatus({ space, pageSize: 0, pageToken: '' }),
      );
      const status = response.spaces.find((candidate) => candidate.space === space);
      return status && { lastAcknowledgedId: status.lastAcknowledgedId, backlog: status.backlog };
    } catch (error) {
      const failure = relayCallError(`${call} of space "${space}"`, error);
      // NOT_FOUND: the relay never received a directive for this Space.
      if (failure instanceof NotFoundError) return undefined;
      throw failure;
    }
  }

  /** Publish calls for a relay without PublishBatch; a Space's next waits for its previous. */
  private async publishEach(
    pop: string,
    directives: readonly RelayBoundDirective[],
  ): Promise<RelayBatchResult[]> {
    const results: RelayBatchResult[] = [];
    const refusedSpaces = new Set<string>();
    for (const directive of directives) {
      if (refusedSpaces.has(directive.space)) {
        results.push({ error: skipped(`relay of PoP "${pop}"`, directive) });
        continue;
      }
      try {
        results.push({ outcome: await this.publish(pop, directive) });
      } catch (error) {
        if (relayCallError('', error).kind === 'unavailable') throw error;
        refusedSpaces.add(directive.space);
        results.push({ error: error as Error });
      }
    }
    return results;
  }

  private clientFor(pop: string, call: string): RelayClient {
    const existing = this.clients.get(pop);
    if (existing) return existing.client;
    const address = this.options.relays[pop];
    if (address === undefined) {
      throw new FailedPreconditionError(`${call}: relays: no relay address for PoP "${pop}"`);
    }
    const created = createGrpcServiceClient<RelayClient>({
      address,
      protoPackage: grpcPackages.relay,
      serviceName: relayV1alpha1.RELAY_SERVICE_NAME,
      tls: {
        ca: pemBytes(this.options.tls.caCertPem),
        cert: pemBytes(this.options.tls.certPem),
        key: pemBytes(this.options.tls.keyPem),
      },
    });
    this.clients.set(pop, created);
    return created.client;
  }

  /** Unsubscribing on timeout cancels the gRPC call, so a late answer is dropped. */
  private unary<T>(response: Observable<T>): Promise<T> {
    return firstValueFrom(response.pipe(timeout({ first: this.deadlineMs })));
  }
}

/** Consecutive runs of directives within the per-call bounds. */
function* batches(
  directives: readonly RelayBoundDirective[],
): Generator<readonly RelayBoundDirective[]> {
  let start = 0;
  while (start < directives.length) {
    let end = start;
    let bytes = 0;
    while (end < directives.length && end - start < BATCH_DIRECTIVES) {
      bytes += directives[end].signed.payload.length;
      if (end > start && bytes > BATCH_BYTES) break;
      end += 1;
    }
    yield directives.slice(start, end);
    start = end;
  }
}

function batchResult(
  relay: string,
  directive: RelayBoundDirective,
  result: relayV1alpha1.PublishResult,
): RelayBatchResult {
  const call = `${relay}: Publish of directive "${directive.id}"`;
  switch (result.status) {
    case relayV1alpha1.PublishStatus.PUBLISH_STATUS_STORED:
      return { outcome: 'accepted' };
    case relayV1alpha1.PublishStatus.PUBLISH_STATUS_DUPLICATE:
      return { outcome: 'duplicate' };
    case relayV1alpha1.PublishStatus.PUBLISH_STATUS_BACKLOG_FULL:
      return { error: new ResourceExhaustedError(`${call}: ${result.error}`) };
    case relayV1alpha1.PublishStatus.PUBLISH_STATUS_INVALID:
      return { error: new InvalidArgumentError('directive', `${call}: ${result.error}`) };
    case relayV1alpha1.PublishStatus.PUBLISH_STATUS_SKIPPED:
      return { error: skipped(relay, directive, result.error) };
    default:
      return {
        error: new FailedPreconditionError(
          `${call}: the relay answered the unknown status ${JSON.stringify(result.status)}`,
        ),
      };
  }
}

/** Not stored because an earlier directive of its Space was not: retry with the Space's backoff. */
function skipped(relay: string, directive: RelayBoundDirective, detail?: string): Error {
  return new ResourceExhaustedError(
    `${relay}: Publish of directive "${directive.id}": ${detail || `an earlier directive of space "${directive.space}" was not stored`}`,
  );
}

function isUnimplemented(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === GrpcStatus.UNIMPLEMENTED
  );
}

function pemBytes(pem: string | Buffer): Buffer {
  return typeof pem === 'string' ? Buffer.from(pem) : pem;
}
