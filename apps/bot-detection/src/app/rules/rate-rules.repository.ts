import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RuleFindings } from '../domain/verdict';
import { BOT_DETECTION_CONFIG, type BotDetectionConfig } from '../bot-detection.config';
import { RedisConnections } from '../redis-connections';
import { RedisKeys } from '../redis-keys';
import { RATE_POLICY } from '../tokens';
import { LuaScript } from '../lua-script';
import { checkScript, reportScript, unblockScript } from './rate-scripts';
import { toleranceMs, type RatePolicy } from './rate-policy';

/** What the rules need to know about an attempt: the IP already reduced to its rate key. */
export interface RateSubject {
  space: string;
  ipKey: string;
  /** The Space's hashed user id, or '' when unknown. */
  hashedUserId: string;
}

export type RuleEvent = 'login' | 'signup' | 'other';
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
  private readonly failTolerance: number;
  private readonly signupTolerance: number;

  constructor(
    private readonly redis: RedisConnections,
    @Inject(BOT_DETECTION_CONFIG) private readonly config: BotDetectionConfig,
    @Inject(RATE_POLICY) private readonly policy: RatePolicy,
  ) {
    this.keys = new RedisKeys(config.pop);
    this.failTolerance = toleranceMs(policy.failedLoginLimit, policy.failedLoginIntervalMs);
    this.signupTolerance = toleranceMs(policy.signupLimit, policy.signupIntervalMs);
  }

  /** Whether Redis can be asked right now (the connection is up). */
  get available(): boolean {
    return this.redis.ready;
  }

  async inspect(subject: RateSubject, event: RuleEvent, nowMs: number): Promise<RuleFindings> {
    const userKey = this.userKey(subject);
    const result = (await this.checkScript.run(
      this.redis.commands,
      [
        this.keys.bruteForce(subject.space, userKey),
        this.keys.failedLogins(subject.space, subject.ipKey),
        this.keys.signups(subject.space, subject.ipKey),
      ],
      [
        nowMs,
        event,
        subject.ipKey,
        subject.hashedUserId === '' ? '0' : '1',
        this.policy.failedLoginIntervalMs,
        this.failTolerance,
        this.policy.signupIntervalMs,
        this.signupTolerance,
      ],
    )) as [number, number, number];
    return {
      bruteForceBlocked: result[0] === 1,
      failedLoginRetryMs: result[1],
      signupRetryMs: result[2],
    };
  }

  /** Returns true when this failure started a brute-force block. */
  async record(subject: RateSubject, outcome: RecordedOutcome, nowMs: number): Promise<boolean> {
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
        this.policy.bruteForceThreshold,
        this.policy.bruteForceBlockMs,
        this.policy.failedLoginIntervalMs,
        this.failTolerance,
      ],
    );
    return started === 1;
  }

  /** Lifts blocks and throttles of an IP and/or a user; returns how many were active. */
  async unblock(
    space: string,
    target: { ipKey: string; hashedUserId: string },
    nowMs: number,
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
        this.failTolerance,
        this.signupTolerance,
      ],
    );
    return Number(cleared);
  }

  /** The stored form of a user: HMAC-SHA-256 under the PoP secret, scoped to the Space. */
  private userKey(subject: { space: string; hashedUserId: string }): string {
    if (subject.hashedUserId === '') return '-';
    return createHmac('sha256', this.config.userKeySecret)
      .update(`${subject.space}\n${subject.hashedUserId}`)
      .digest('base64url');
  }
}
