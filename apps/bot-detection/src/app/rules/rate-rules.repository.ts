import { Inject, Injectable } from '@nestjs/common';
import type { EffectiveRules } from '../domain/space-rules';
import { BOT_DETECTION_CONFIG, type BotDetectionConfig } from '../bot-detection.config';
import { RedisConnections } from '../redis-connections';
import { RedisKeys } from '../redis-keys';
import { LuaScript } from '../lua-script';
import { CheckBatch, type BatchedInspection } from './check-batch';
import { checkScript, reportScript, unblockScript } from './rate-scripts';
import { UserKeys } from './user-keys';

/** What the rules need to know about an attempt: the IP already reduced to its rate key. */
export interface RateSubject {
  space: string;
  ipKey: string;
  /** The Space's hashed user id, or '' when unknown. */
  hashedUserId: string;
}

export type RuleEvent = 'login' | 'signup';
export type RecordedOutcome = 'failure' | 'success' | 'reset';

/**
 * The rate rules' counters in Redis, one atomic script per operation. A user id is stored only
 * as an HMAC under the PoP's secret: a Redis dump does not reveal which users were attacked, and
 * the same user in two Spaces gets unrelated keys.
 */
@Injectable()
export class RateRulesRepository {
  private readonly keys: RedisKeys;
  private readonly checkScript = new LuaScript(checkScript);
  private readonly reportScript = new LuaScript(reportScript);
  private readonly unblockScript = new LuaScript(unblockScript);
  /** A key of the PoP's slot, passed where a script reads no brute-force hash. */
  private readonly unusedKey: string;
  private readonly batch: CheckBatch;
  private readonly userKeys: UserKeys;

  constructor(
    private readonly redis: RedisConnections,
    @Inject(BOT_DETECTION_CONFIG) config: BotDetectionConfig,
  ) {
    this.keys = new RedisKeys(config.pop);
    this.userKeys = new UserKeys(config.userKeySecret);
    this.unusedKey = this.keys.bruteForce('-', '-');
    this.batch = new CheckBatch(
      (keys, args) => this.checkScript.run(this.redis.commands, keys, args),
      config.rulesDeadlineMs,
    );
  }

  /** Whether Redis can be asked right now (the connection is up). */
  get available(): boolean {
    return this.redis.ready;
  }

  /**
   * What the Space's rules say about an attempt, or 'deadline' when Redis did not answer within
   * the configured deadline; rejects when Redis fails. Only the rules that are on and concern the
   * event are read, and the user's HMAC is computed only when its block is read. Concurrent
   * attempts share one script call (see {@link CheckBatch}).
   */
  inspect(
    subject: RateSubject,
    event: RuleEvent,
    nowMs: number,
    rules: EffectiveRules,
  ): Promise<BatchedInspection> {
    const readBlock = event === 'login' && subject.hashedUserId !== '' && rules.bruteForce.enabled;
    const readFailed = event === 'login' && rules.failedLogins.enabled;
    return this.batch.add(
      [
        readBlock ? this.keys.bruteForce(subject.space, this.userKey(subject)) : this.unusedKey,
        readFailed ? this.keys.failedLogins(subject.space, subject.ipKey) : this.unusedKey,
        event === 'signup' ? this.keys.signups(subject.space, subject.ipKey) : this.unusedKey,
      ],
      [
        nowMs,
        event,
        subject.ipKey,
        readBlock ? '1' : '0',
        readFailed ? '1' : '0',
        rules.failedLogins.toleranceMs,
        rules.signups.intervalMs,
        rules.signups.toleranceMs,
      ],
    );
  }

  /** Returns true when this failure started a brute-force block. */
  async record(
    subject: RateSubject,
    outcome: RecordedOutcome,
    nowMs: number,
    rules: EffectiveRules,
  ): Promise<boolean> {
    const userKey = this.userKey(subject);
    const started = await this.reportScript.run(
      this.redis.commands,
      [
        this.keys.bruteForce(subject.space, userKey),
        this.keys.bruteForceByIp(subject.space, subject.ipKey),
        this.keys.failedLogins(subject.space, subject.ipKey),
      ],
      [
        nowMs,
        outcome,
        subject.ipKey,
        userKey,
        subject.hashedUserId === '' ? '0' : '1',
        rules.bruteForce.threshold,
        rules.bruteForce.blockMs,
        rules.failedLogins.intervalMs,
        rules.failedLogins.toleranceMs,
        rules.bruteForce.enabled ? '1' : '0',
        rules.failedLogins.enabled ? '1' : '0',
      ],
    );
    return started === 1;
  }

  /** Lifts blocks and throttles of an IP and/or a user; returns how many were active. */
  async unblock(
    space: string,
    target: { ipKey: string; hashedUserId: string },
    nowMs: number,
    rules: EffectiveRules,
  ): Promise<number> {
    const userKey = this.userKey({ space, hashedUserId: target.hashedUserId });
    const cleared = await this.unblockScript.run(
      this.redis.commands,
      [
        this.keys.bruteForce(space, userKey),
        this.keys.bruteForceByIp(space, target.ipKey),
        this.keys.failedLogins(space, target.ipKey),
        this.keys.signups(space, target.ipKey),
      ],
      [
        nowMs,
        target.hashedUserId === '' ? '0' : '1',
        target.ipKey === '' ? '0' : '1',
        target.ipKey,
        userKey,
        this.keys.bruteForcePrefix(space),
        rules.failedLogins.toleranceMs,
        rules.signups.toleranceMs,
      ],
    );
    return Number(cleared);
  }

  /** The stored form of a user (see {@link UserKeys}). */
  private userKey(subject: { space: string; hashedUserId: string }): string {
    return this.userKeys.of(subject.space, subject.hashedUserId);
  }
}
