import type { relayV1alpha1 } from '@platform/contracts';
import { PlatformError, UnavailableError } from '@platform/errors';
import type { Logger } from '@platform/platform-kit';
import type { Subscriber } from 'rxjs';
import type { StoredDirective } from './directive-stream.repository';

/** Reads up to `count` directives of the Space after a delivery id (from the oldest if undefined). */
export type DirectiveReader = (
  after: string | undefined,
  count: number,
) => Promise<StoredDirective[]>;

/** Directives read from Redis per round trip while catching up. */
const READ_BATCH = 100;

/**
 * One open Subscribe stream: a cursor (the last delivery id sent) and a drain that sends whatever
 * the stream holds after it. Drains never overlap: a trigger that arrives while one runs makes it
 * read again when it is done, so every entry is sent once, in stream order, whoever triggers.
 */
export class LiveSubscription {
  /** Sequence number of the session in Redis; undefined until the session is open. */
  session: number | undefined;
  private cursor: string | undefined;
  private started = false;
  private closed = false;
  private draining = false;
  private drainAgain = false;
  private failing = false;

  constructor(
    readonly space: string,
    private readonly sink: Subscriber<relayV1alpha1.SubscribeResponse>,
    private readonly read: DirectiveReader,
    private readonly logger: Logger,
  ) {}

  get isOpen(): boolean {
    return !this.closed;
  }

  /** True when the last read failed (Redis unavailable): the next sweep reads again. */
  get needsRetry(): boolean {
    return this.failing && !this.closed;
  }

  /** Starts sending after `cursor` (a delivery id; undefined = the oldest unacknowledged). */
  start(cursor: string | undefined): void {
    this.cursor = cursor;
    this.started = true;
    this.drain();
  }

  /** Sends what arrived since the last drain. Safe to call at any time, any number of times. */
  drain(): void {
    if (!this.started || this.closed) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    void this.drainLoop().finally(() => (this.draining = false));
  }

  /** Ends the stream with an error status (ABORTED on takeover, UNAVAILABLE on shutdown). */
  end(error: PlatformError): void {
    if (this.closed) return;
    this.closed = true;
    this.sink.error(error);
  }

  /** The client went away (cancel) or the stream ended: stop all work. */
  close(): void {
    this.closed = true;
  }

  private async drainLoop(): Promise<void> {
    try {
      do {
        this.drainAgain = false;
        let batch: StoredDirective[];
        do {
          batch = await this.read(this.cursor, READ_BATCH);
          if (this.closed) return;
          for (const stored of batch) {
            this.sink.next({
              directive: stored.directive,
              deliveryId: stored.deliveryId,
              directiveId: stored.directiveId,
            });
            this.cursor = stored.deliveryId;
          }
        } while (batch.length === READ_BATCH);
      } while (this.drainAgain && !this.closed);
      if (this.failing) this.logger.info({ space: this.space }, 'subscription delivering again');
      this.failing = false;
    } catch (error) {
      // The stream stays open: the next notification, reconnect or sweep reads again.
      if (!this.failing) {
        this.logger.warn(
          { space: this.space, err: error },
          error instanceof UnavailableError
            ? 'subscription paused: redis unavailable'
            : 'subscription cannot read its stream',
        );
      }
      this.failing = true;
    }
  }
}
