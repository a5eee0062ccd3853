import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { healthV1 } from '@platform/contracts';
import { ConflictError, UnavailableError, type PlatformError } from '@platform/errors';
import { HealthStatusRegistry, SERVICE_LOGGER, type Logger } from '@platform/platform-kit';
import { filter, skipWhile, Subscription, take } from 'rxjs';
import { DirectiveStreamRepository, type RelayNotification } from './directive-stream.repository';
import type { LiveSubscription } from './live-subscription';

const ServingStatus = healthV1.HealthCheckResponse_ServingStatus;

/** How often open subscriptions renew their lease, and those whose last read failed read again. */
export const SWEEP_INTERVAL_MS = 5_000;
/**
 * How often every open subscription re-reads its stream whether or not it was told of anything:
 * the last safety net. Pub/sub loses messages only with the connection, and a reconnect already
 * re-reads every stream; re-reading 10,000 streams every sweep would cost 10,000 XRANGEs (and
 * their garbage) every 5 s for nothing.
 */
export const FULL_SWEEP_INTERVAL_MS = 60_000;
/** A session not renewed for this long (its relay died) no longer counts as connected. */
export const SESSION_LEASE_MS = 15_000;

/**
 * The Subscribe streams open on this relay replica, at most one per Space, and what wakes them.
 *
 * Fan-out without a connection per stream: every replica of the PoP listens on one pub/sub
 * channel; a Publish announces the Space there and the replica holding that Space's stream reads
 * the new entries with XRANGE on its shared command connection. So a replica uses two Redis
 * connections whether it serves ten Spaces or ten thousand, and a publish costs one notification
 * plus one XRANGE. (A blocking XREAD per stream would need a connection per Space; one shared
 * XREAD over thousands of keys re-registers them all on every wake-up.) Pub/sub is not durable,
 * so a reconnect of the notification connection re-reads every open stream, a sweep every
 * {@link SWEEP_INTERVAL_MS} retries the streams whose last read failed, and a full sweep every
 * {@link FULL_SWEEP_INTERVAL_MS} re-reads them all: a lost notification delays a directive, it
 * never loses one.
 */
@Injectable()
export class LiveSubscriptionRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly bySpace = new Map<string, LiveSubscription>();
  private readonly watchers = new Subscription();
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeps = 0;

  constructor(
    private readonly repository: DirectiveStreamRepository,
    private readonly health: HealthStatusRegistry,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.watchers.add(
      this.repository.notifications.subscribe((notification) => this.notified(notification)),
    );
    // Server streams never end by themselves; ending them when shutdown begins (health turns
    // NOT_SERVING) lets the server close at once and the agents reconnect to another replica.
    this.watchers.add(
      this.health
        .watch('')
        .pipe(
          skipWhile((status) => status !== ServingStatus.SERVING),
          filter((status) => status !== ServingStatus.SERVING),
          take(1),
        )
        .subscribe(() =>
          this.endAll(new UnavailableError('the relay is shutting down; subscribe again')),
        ),
    );
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
    this.watchers.unsubscribe();
    this.endAll(new UnavailableError('the relay is shutting down; subscribe again'));
  }

  /** Makes `live` the Space's subscription here; the one it replaces ends with ABORTED. */
  claim(live: LiveSubscription): void {
    const previous = this.bySpace.get(live.space);
    this.bySpace.set(live.space, live);
    previous?.end(
      new ConflictError(`a newer subscription for space "${live.space}" replaced this one`),
    );
  }

  /** Forgets a subscription that ended (cancelled, replaced or failed) and ends its session. */
  release(live: LiveSubscription): void {
    live.close();
    if (this.bySpace.get(live.space) === live) this.bySpace.delete(live.space);
    if (live.session === undefined) return;
    this.repository.closeSession(live.space, live.session).catch((error: unknown) => {
      // The lease runs out by itself.
      this.logger.debug({ err: error, space: live.space }, 'cannot end a subscription session');
    });
  }

  private notified(notification: RelayNotification): void {
    if (notification.kind === 'reconnected') {
      for (const live of this.bySpace.values()) live.drain();
      return;
    }
    const live = this.bySpace.get(notification.space);
    if (!live) return;
    if (notification.kind === 'published') {
      live.drain();
    } else if (live.session !== undefined && notification.session > live.session) {
      live.end(
        new ConflictError(
          `a newer subscription for space "${live.space}" on another relay replica replaced this one`,
        ),
      );
    }
  }

  private async sweep(): Promise<void> {
    if (this.bySpace.size === 0 || !this.repository.available) return;
    const sessions = [...this.bySpace.values()].flatMap((live) =>
      live.session === undefined ? [] : [{ space: live.space, session: live.session }],
    );
    try {
      await this.repository.refreshSessions(sessions, SESSION_LEASE_MS);
    } catch (error) {
      this.logger.debug({ err: error }, 'cannot renew subscription sessions');
    }
    this.sweeps += 1;
    const full = this.sweeps % (FULL_SWEEP_INTERVAL_MS / SWEEP_INTERVAL_MS) === 0;
    for (const live of this.bySpace.values()) {
      if (full || live.needsRetry) live.drain();
    }
  }

  private endAll(error: PlatformError): void {
    for (const live of [...this.bySpace.values()]) live.end(error);
  }
}
