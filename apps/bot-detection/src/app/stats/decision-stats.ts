import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { botDetectionV1alpha1 } from '@platform/contracts';
import { UnavailableError } from '@platform/errors';
import { BOT_DETECTION_CONFIG, type BotDetectionConfig } from '../bot-detection.config';
import { Clock } from '../clock';
import { RedisConnections } from '../redis-connections';
import { RedisKeys } from '../redis-keys';

const { Action, Reason } = botDetectionV1alpha1;

const MINUTE_MS = 60_000;
const FLUSH_INTERVAL_MS = 1_000;
/** Buckets live a little longer than the longest window GetStats accepts (1440 minutes). */
const BUCKET_TTL_SECONDS = 25 * 60 * 60;
/** Counts kept while Redis is away; past this, new counts are dropped, not memory. */
const MAX_PENDING_FIELDS = 50_000;
const ALL_SPACES = '*';

export interface DecisionCounts {
  checks: number;
  byAction: Map<botDetectionV1alpha1.Action, number>;
  byReason: Map<botDetectionV1alpha1.Reason, number>;
  loginFailures: number;
}

/**
 * Decision counts per minute and Space, shared by the replicas through Redis. Check never waits
 * for them: counts gather in memory and go to Redis once a second in one pipeline, and wait
 * there (bounded) while Redis is unreachable.
 */
@Injectable()
export class DecisionStats implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly keys: RedisKeys;
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: RedisConnections,
    private readonly clock: Clock,
    @Inject(BOT_DETECTION_CONFIG) config: BotDetectionConfig,
  ) {
    this.keys = new RedisKeys(config.pop);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }

  recordCheck(space: string, verdict: botDetectionV1alpha1.CheckResponse): void {
    const minute = this.currentMinute();
    this.count(minute, space, 'checks');
    this.count(minute, space, `a:${verdict.action}`);
    for (const reason of verdict.reasons) this.count(minute, space, `r:${reason}`);
  }

  recordLoginFailure(space: string): void {
    this.count(this.currentMinute(), space, 'login_failures');
  }

  /** Sums the last `windowMinutes` minutes (including this one) for a Space or the whole PoP. */
  async read(space: string | undefined, windowMinutes: number): Promise<DecisionCounts> {
    await this.flush().catch(() => undefined);
    const current = Math.floor(this.clock.nowMs() / MINUTE_MS);
    const pipeline = this.redis.commands.pipeline();
    for (let minute = current - windowMinutes + 1; minute <= current; minute++) {
      pipeline.hgetall(this.keys.stats(minute));
    }
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      throw new UnavailableError('the statistics (Redis) are unreachable', { cause: error });
    }
    const prefix = `${space ?? ALL_SPACES}|`;
    const totals = new Map<string, number>();
    for (const [error, bucket] of results ?? []) {
      if (error)
        throw new UnavailableError('the statistics (Redis) are unreachable', { cause: error });
      for (const [field, value] of Object.entries(bucket as Record<string, string>)) {
        if (!field.startsWith(prefix)) continue;
        const name = field.slice(prefix.length);
        totals.set(name, (totals.get(name) ?? 0) + Number(value));
      }
    }
    const byAction = new Map<botDetectionV1alpha1.Action, number>();
    for (const action of Object.values(Action))
      byAction.set(action, totals.get(`a:${action}`) ?? 0);
    const byReason = new Map<botDetectionV1alpha1.Reason, number>();
    for (const reason of Object.values(Reason)) {
      const count = totals.get(`r:${reason}`) ?? 0;
      if (count > 0) byReason.set(reason, count);
    }
    return {
      checks: totals.get('checks') ?? 0,
      byAction,
      byReason,
      loginFailures: totals.get('login_failures') ?? 0,
    };
  }

  private currentMinute(): number {
    return Math.floor(this.clock.nowMs() / MINUTE_MS);
  }

  private count(minute: number, space: string, name: string): void {
    this.add(`${minute}\n${space}|${name}`);
    this.add(`${minute}\n${ALL_SPACES}|${name}`);
  }

  private add(key: string): void {
    const existing = this.pending.get(key);
    if (existing === undefined && this.pending.size >= MAX_PENDING_FIELDS) return;
    this.pending.set(key, (existing ?? 0) + 1);
  }

  private async flush(): Promise<void> {
    if (this.pending.size === 0 || !this.redis.ready) return;
    const batch = this.pending;
    this.pending = new Map();
    const pipeline = this.redis.commands.pipeline();
    const touched = new Set<number>();
    for (const [key, value] of batch) {
      const [minute, field] = key.split('\n');
      pipeline.hincrby(this.keys.stats(Number(minute)), field, value);
      touched.add(Number(minute));
    }
    for (const minute of touched) pipeline.expire(this.keys.stats(minute), BUCKET_TTL_SECONDS);
    try {
      const results = await pipeline.exec();
      if (results?.some(([error]) => error)) throw new Error('a statistics write failed');
    } catch (error) {
      // Put the counts back so the next flush retries them (an increment may then count twice
      // if it did land; statistics tolerate that better than losing an outage's worth).
      for (const [key, value] of batch) this.pending.set(key, (this.pending.get(key) ?? 0) + value);
      throw error;
    }
  }
}
