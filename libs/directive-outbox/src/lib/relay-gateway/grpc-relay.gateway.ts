import { grpcPackages, relayV1alpha1 } from '@platform/contracts';
import { AlreadyExistsError, FailedPreconditionError, NotFoundError } from '@platform/errors';
import { createGrpcServiceClient, type GrpcServiceClient } from '@platform/platform-kit';
import { firstValueFrom, timeout, type Observable } from 'rxjs';
import { relayCallError } from './relay-call-error';
import type {
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
 * {@link RelayGateway} over gRPC with mutual TLS: one client per PoP, created on first use and
 * kept, every call bounded by a deadline.
 */
export class GrpcRelayGateway implements RelayGateway {
  private readonly clients = new Map<string, GrpcServiceClient<RelayClient>>();
  private readonly deadlineMs: number;
  private readonly statusConcurrency: number;

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

function pemBytes(pem: string | Buffer): Buffer {
  return typeof pem === 'string' ? Buffer.from(pem) : pem;
}
