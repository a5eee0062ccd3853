import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_LOGGER, type Logger } from '@platform/platform-kit';
import { Redis, type RedisOptions } from 'ioredis';
import { BOT_DETECTION_CONFIG, type BotDetectionConfig } from './bot-detection.config';

/**
 * bot-detection's two Redis connections:
 *
 * - `commands`: counters, signature writes, snapshots, stats; auto-pipelined (not the scripts,
 *   which batch on their own). It never queues while Redis is away (`enableOfflineQueue:
 *   false`): Check asks it for counters on the login path and must learn at once that it cannot
 *   have them, not after a reconnect.
 * - `feed`: the change-feed follower's blocking XREAD, which would hold up every other command
 *   on a shared connection.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  readonly commands: Redis;
  readonly feed: Redis;
  private unreachable = false;

  constructor(
    @Inject(BOT_DETECTION_CONFIG) config: BotDetectionConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    const options: RedisOptions = {
      connectionName: `bot-detection:${config.pop}`,
      retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 1_000),
      connectTimeout: 2_000,
    };
    this.commands = new Redis(config.redisUrl, {
      ...options,
      enableAutoPipelining: true,
      // A script call is already one batch (Check's CheckBatch gathers a loop turn's attempts):
      // auto-pipelining would wrap it in a Pipeline of one command, a tick later.
      autoPipeliningIgnoredCommands: ['evalsha', 'eval'],
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 10_000,
    });
    this.feed = new Redis(config.redisUrl, { ...options, maxRetriesPerRequest: null });
    this.commands.on('error', (error: Error) => this.lost(error));
    this.feed.on('error', (error: Error) => this.lost(error));
    this.commands.on('ready', () => this.restored());
  }

  /** True while the command connection can reach Redis. */
  get ready(): boolean {
    return this.commands.status === 'ready';
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([close(this.commands), close(this.feed)]);
  }

  /** One warning per outage, not one per reconnect attempt. */
  private lost(error: Error): void {
    if (this.unreachable) return;
    this.unreachable = true;
    this.logger.warn(
      { err: error },
      'redis unreachable: Check answers from memory, rate rules fail open, management fails UNAVAILABLE',
    );
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
