import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_LOGGER, type Logger } from '@platform/platform-kit';
import { Redis, type RedisOptions } from 'ioredis';
import { RELAY_CONFIG, type RelayConfig } from './relay.config';

/**
 * The relay's two Redis connections, whatever the number of Spaces or subscriptions:
 *
 * - `commands`: every read and write (scripts, XRANGE, status), pipelined by ioredis.
 * - `notifications`: subscribed to the PoP's notification channel (new directives, new
 *   sessions). A connection in subscriber mode can run nothing else, hence the second one.
 *
 * Nothing blocks on Redis (no XREAD BLOCK), so subscriptions cost no connection each.
 * When Redis goes away, ioredis reconnects with a short backoff; a command fails after one retry
 * (`maxRetriesPerRequest: 1`), so callers get UNAVAILABLE within about a second instead of
 * waiting in a queue.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  readonly commands: Redis;
  readonly notifications: Redis;
  private unreachable = false;

  constructor(
    @Inject(RELAY_CONFIG) config: RelayConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    const options: RedisOptions = {
      connectionName: `pop-relay:${config.pop}`,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 1_000),
      connectTimeout: 2_000,
      commandTimeout: 5_000,
    };
    // Commands issued in the same tick go out in one write (and come back in one read): a
    // broadcast to thousands of Spaces costs a few round trips instead of one per Space.
    this.commands = new Redis(config.redisUrl, { ...options, enableAutoPipelining: true });
    // Subscribing waits for Redis however long it takes; ioredis resubscribes after reconnects.
    this.notifications = new Redis(config.redisUrl, {
      ...options,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
    });
    this.commands.on('error', (error: Error) => this.lost(error));
    this.notifications.on('error', (error: Error) => this.lost(error));
    this.commands.on('ready', () => this.restored());
  }

  /** True while the command connection can reach Redis. */
  get ready(): boolean {
    return this.commands.status === 'ready';
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([close(this.commands), close(this.notifications)]);
  }

  /** One warning per outage, not one per reconnect attempt. */
  private lost(error: Error): void {
    if (this.unreachable) return;
    this.unreachable = true;
    this.logger.warn({ err: error }, 'redis unreachable: publishing fails with UNAVAILABLE');
  }

  private restored(): void {
    if (!this.unreachable) return;
    this.unreachable = false;
    this.logger.info('redis reachable again');
  }
}

async function close(connection: Redis): Promise<void> {
  if (connection.status === 'ready') {
    await connection.quit().catch(() => connection.disconnect());
  } else {
    connection.disconnect();
  }
}
