import { grpcPackages, relayV1alpha1 } from '@platform/contracts';
import {
  createGrpcServiceClient,
  type Clock,
  type GrpcServiceClient,
  type TlsMaterial,
} from '@platform/platform-kit';
import type { Logger } from 'pino';
import { firstValueFrom, timeout, type Subscription } from 'rxjs';
import type { Acknowledgement, DirectiveProcessor } from './directive-processor.service';

export interface RelayLinkOptions {
  space: string;
  /** `host:port` of the PoP relay. */
  relayAddress: string;
  tls: TlsMaterial;
  /** First reconnect delay cap; doubles per failed attempt up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A stream that stays open this long without an error counts as connected. */
  connectedAfterMs?: number;
  ackTimeoutMs?: number;
  /** For tests of the jitter; defaults to Math.random. */
  random?: () => number;
}

/** What the link reports about itself for /status and /metrics. */
export interface LinkStatus {
  connected: boolean;
  /** Last time the relay was known reachable; undefined if never. */
  lastContactAt?: Date;
  reconnectAttempts: number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): "full jitter", a uniform draw below an
 * exponentially growing cap, so a PoP's agents do not all reconnect in the same instant.
 */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number,
): number {
  const cap = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * cap);
}

/**
 * The agent's one link up: a Subscribe stream from the last processed directive, each delivery
 * processed in order and then acknowledged. On any end of the stream (relay gone, ABORTED by a
 * newer stream, failed acknowledgement) it reconnects with backoff and resumes after the last
 * acknowledged id; the relay redelivers whatever was not acknowledged.
 */
export class RelayLink {
  private generation = 0;
  private attempt = 0;
  private stopped = true;
  private connection?: {
    client: GrpcServiceClient<relayV1alpha1.RelayServiceClient>;
    stream: Subscription;
  };
  private reconnectTimer?: NodeJS.Timeout;
  private connectedTimer?: NodeJS.Timeout;
  private queue: Promise<void> = Promise.resolve();
  private cursor: string;
  private connected = false;
  private lastContactAt?: Date;

  constructor(
    private readonly options: RelayLinkOptions,
    private readonly processor: DirectiveProcessor,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    // Not the persisted last id: a directive processed just before a crash may not have been
    // acknowledged, and resuming after it would never acknowledge it. The relay keeps only
    // unacknowledged directives, so starting at the oldest of them redelivers exactly that one,
    // which the processor answers as a duplicate.
    this.cursor = '';
    const saved = processor.state.lastContactAt;
    this.lastContactAt = saved ? new Date(saved) : undefined;
  }

  status(): LinkStatus {
    return {
      connected: this.connected,
      lastContactAt: this.connected ? this.clock.now() : this.lastContactAt,
      reconnectAttempts: this.attempt,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Closes the stream; a directive being processed finishes (its state write completes). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.disconnect();
    await this.queue;
  }

  private connect(): void {
    if (this.stopped) return;
    const generation = ++this.generation;
    const client = createGrpcServiceClient<relayV1alpha1.RelayServiceClient>({
      address: this.options.relayAddress,
      protoPackage: grpcPackages.relay,
      serviceName: relayV1alpha1.RELAY_SERVICE_NAME,
      tls: this.options.tls,
    });
    this.logger.debug(
      { resumeAfter: this.cursor, attempt: this.attempt },
      'subscribing to the relay',
    );
    const stream = client.client
      .subscribe({ space: this.options.space, resumeAfter: this.cursor })
      .subscribe({
        next: (delivery) => this.enqueue(generation, delivery),
        error: (error: { code?: number; details?: string }) =>
          this.lost(
            generation,
            `stream failed: ${error.code ?? ''} ${error.details ?? String(error)}`,
          ),
        complete: () => this.lost(generation, 'stream ended'),
      });
    this.connection = { client, stream };
    this.connectedTimer = setTimeout(
      () => this.markConnected(generation),
      this.options.connectedAfterMs ?? 500,
    );
  }

  private markConnected(generation: number): void {
    if (generation !== this.generation || this.connected || this.stopped) return;
    this.connected = true;
    this.attempt = 0;
    this.logger.info({ relay: this.options.relayAddress }, 'connected to the relay');
  }

  private enqueue(generation: number, delivery: relayV1alpha1.SubscribeResponse): void {
    this.markConnected(generation);
    this.queue = this.queue.then(async () => {
      if (generation !== this.generation || this.stopped) return;
      try {
        const ack = await this.processor.process(delivery);
        await this.acknowledge(ack);
        this.cursor = ack.directiveId;
      } catch (error) {
        // Not acknowledged: drop the stream; the relay redelivers after the cursor.
        this.logger.warn(
          { err: error, directiveId: delivery.directiveId },
          'directive not acknowledged',
        );
        this.lost(generation, 'acknowledgement failed');
      }
    });
  }

  private async acknowledge(ack: Acknowledgement): Promise<void> {
    const client = this.connection?.client.client;
    if (!client) throw new Error('no connection');
    await firstValueFrom(
      client.acknowledge(ack).pipe(timeout(this.options.ackTimeoutMs ?? 10_000)),
    );
  }

  private lost(generation: number, why: string): void {
    if (generation !== this.generation) return;
    this.generation += 1;
    if (this.connected) this.lastContactAt = this.clock.now();
    if (this.connected || this.attempt === 0)
      this.logger.warn({ why }, 'relay link lost; floating on local state');
    this.disconnect();
    if (this.stopped) return;
    const delay = backoffDelay(
      this.attempt,
      this.options.initialBackoffMs ?? 500,
      this.options.maxBackoffMs ?? 30_000,
      this.options.random ?? Math.random,
    );
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private disconnect(): void {
    clearTimeout(this.connectedTimer);
    if (this.connected) this.lastContactAt = this.clock.now();
    this.connected = false;
    const connection = this.connection;
    this.connection = undefined;
    connection?.stream.unsubscribe();
    connection?.client.close();
  }
}
