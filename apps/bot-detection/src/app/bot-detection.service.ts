import { Injectable } from '@nestjs/common';
import { botDetectionV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError, PlatformError, UnavailableError } from '@platform/errors';
import type { WorkloadIdentity } from '@platform/pki';
import { Observable } from 'rxjs';
import { AccessPolicy } from './access-policy';
import { BotDetectionMetrics } from './bot-detection.metrics';
import {
  MAX_SIGNATURES_PER_MESSAGE,
  rateKeyOf,
  validateAllowlistRange,
  validateCheck,
  validateEvent,
  validateHashedUserId,
  validateIds,
  validateIp,
  validateOutcome,
  validateSpace,
  validateSpaceRules,
  windowMinutesOf,
} from './bot-detection-request.validation';
import { Clock } from './clock';
import { MAX_ALLOWLIST_COMMENT_LENGTH, type AllowlistRecord } from './domain/allowlists';
import type { SignatureRecord } from './domain/signature';
import type { IndexedSignature } from './domain/signature-index';
import { validateSignature } from './domain/signature.validation';
import { rulesConcern, type EffectiveRules, type SpaceRuleSettings } from './domain/space-rules';
import { SpaceRulesTable } from './domain/space-rules-table';
import { decideVerdict, type RuleFindings } from './domain/verdict';
import {
  RateRulesRepository,
  type RateSubject,
  type RuleEvent,
} from './rules/rate-rules.repository';
import { SpaceRulesStore } from './rules/space-rules.store';
import { AllowlistStore } from './signatures/allowlist.store';
import { SignatureState } from './signatures/signature-state';
import { SignatureStore } from './signatures/signature.store';
import { DecisionStats } from './stats/decision-stats';

const { Action } = botDetectionV1alpha1;
const MAX_REPORTED_REJECTIONS = 100;

/**
 * The PoP's bot detection. Check answers from this replica's memory (allowlists, signatures)
 * and asks Redis only for the rate counters, within a deadline: past it, or with Redis away,
 * the rules fail open and the answer rests on the signatures alone (a degraded check).
 */
@Injectable()
export class BotDetectionService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly state: SignatureState,
    private readonly signatures: SignatureStore,
    private readonly allowlists: AllowlistStore,
    private readonly spaceRules: SpaceRulesStore,
    private readonly rules: RateRulesRepository,
    private readonly stats: DecisionStats,
    private readonly metrics: BotDetectionMetrics,
    private readonly clock: Clock,
  ) {}

  async check(
    caller: WorkloadIdentity,
    request: botDetectionV1alpha1.CheckRequest,
  ): Promise<botDetectionV1alpha1.CheckResponse> {
    const started = performance.now();
    const input = validateCheck(request);
    this.access.assertMayScore(caller, input.space);
    const nowMs = this.clock.nowMs();
    const allowlisted = this.state.allowlists.allows(input.space, input.ip);
    let matches: IndexedSignature[] = [];
    let rules: RuleFindings | undefined;
    if (!allowlisted) {
      matches = this.state.signatures.match(input, nowMs);
      // A blocking signature decides alone; its counters would change nothing.
      const blocked = matches.some((match) => match.action === Action.ACTION_BLOCK);
      if (!blocked && input.event !== 'password-reset') {
        const spaceRules = this.state.rules.rulesOf(input.space);
        // A Space that turned off every rule concerning this event needs no counter at all.
        if (rulesConcern(spaceRules, input.event, input.hashedUserId !== '')) {
          rules = await this.inspectRules(
            { space: input.space, ipKey: rateKeyOf(input.ip), hashedUserId: input.hashedUserId },
            input.event,
            nowMs,
            spaceRules,
          );
        }
      }
    }
    const verdict = decideVerdict({ allowlisted, signatures: matches, rules });
    this.metrics.recordCheck(verdict.action, (performance.now() - started) / 1000);
    this.stats.recordCheck(input.space, verdict);
    return verdict;
  }

  async reportLoginOutcome(
    caller: WorkloadIdentity,
    request: botDetectionV1alpha1.ReportLoginOutcomeRequest,
  ): Promise<botDetectionV1alpha1.ReportLoginOutcomeResponse> {
    const space = validateSpace('space', request.space);
    const ip = validateIp('ip', request.ip);
    const hashedUserId = validateHashedUserId('hashed_user_id', request.hashedUserId, true);
    const outcome = validateOutcome('outcome', request.outcome);
    const event = validateEvent('event', request.event);
    this.access.assertMayScore(caller, space);
    if (outcome === 'failure' && event === 'login') this.stats.recordLoginFailure(space);
    // Allowlisted IPs bypass the rate rules, so their failures are not counted against them.
    if (this.state.allowlists.allows(space, ip)) return {};
    const recorded =
      event === 'login'
        ? outcome
        : event === 'password-reset' && outcome === 'success'
          ? 'reset'
          : undefined;
    if (!recorded) return {};
    await this.unavailableIfRedisFails(() =>
      this.rules.record(
        { space, ipKey: rateKeyOf(ip), hashedUserId },
        recorded,
        this.clock.nowMs(),
        this.state.rules.rulesOf(space),
      ),
    );
    return {};
  }

  /**
   * Returns an Observable, not a Promise: NestJS hands a client stream's messages to the handler
   * only once the handler has returned, and a Promise returned here would wait for the stream's
   * end, which would then never come.
   */
  importSignatures(
    caller: WorkloadIdentity,
    batches: Observable<botDetectionV1alpha1.ImportSignaturesRequest>,
  ): Observable<botDetectionV1alpha1.ImportSignaturesResponse> {
    return new Observable((subscriber) => {
      const result: botDetectionV1alpha1.ImportSignaturesResponse = {
        imported: 0,
        rejected: 0,
        rejections: [],
      };
      // Each batch is validated as it arrives and its write sent at once, without waiting for the
      // previous one: the writes share one connection, so Redis applies them in stream order (a
      // later replacement of an id wins) while the next batch is already being validated.
      const writes: Promise<void>[] = [];
      let failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        subscriber.error(error);
      };
      try {
        this.access.assertMayManage(caller, 'ImportSignatures');
      } catch (error) {
        fail(error);
        return undefined;
      }
      const subscription = batches.subscribe({
        next: (batch) => {
          if (failed) return;
          try {
            const valid = this.validateBatch(batch, result);
            const write = this.signatures.write(valid).then(() => {
              result.imported += valid.length;
            });
            write.catch(fail);
            writes.push(write);
          } catch (error) {
            fail(error);
          }
        },
        error: fail,
        complete: () =>
          void Promise.all(writes).then(() => {
            if (failed) return;
            subscriber.next(result);
            subscriber.complete();
          }, fail),
      });
      return () => subscription.unsubscribe();
    });
  }

  async removeSignatures(
    caller: WorkloadIdentity,
    request: botDetectionV1alpha1.RemoveSignaturesRequest,
  ): Promise<botDetectionV1alpha1.RemoveSignaturesResponse> {
    this.access.assertMayManage(caller, 'RemoveSignatures');
    validateIds(request.ids);
    return { removed: await this.signatures.remove(request.ids) };
  }

  async getAllowlist(
    caller: WorkloadIdentity,
    request: botDetectionV1alpha1.GetAllowlistRequest,
  ): Promise<botDetectionV1alpha1.GetAllowlistResponse> {
    const space = this.managedSpace(caller, 'GetAllowlist', request.space);
    return { entries: (await this.allowlists.list(space)).map(toAllowlistEntry) };
  }

  async addAllowlistEntries(
    caller: WorkloadIdentity,
    request: botDetectionV1alpha1.AddAllowlistEntriesRequest,
  ): Promise<botDetectionV1alpha1.AddAllowlistEntriesResponse> {
    const space = this.managedSpace(caller, 'AddAllowlistEntries', request.space);
    const addedAtMs = this.clock.nowMs();
    const records = new Map<string, AllowlistRecord>();
    request.entries.forEach((entry, index) => {
      const { text } = validateAllowlistRange(`entries[${index}].ip_range`, entry.ipRange);
      if (entry.comment.length > MAX_ALLOWLIST_COMMENT_LENGTH) {
        throw new InvalidArgumentError(
          `entries[${index}].comment`,
          `is longer than ${MAX_ALLOWLIST_COMMENT_LENGTH} characters`,
        );
      }
      if (!records.has(text))
        records.set(text, { ipRange: text, comment: entry.comment, addedAtMs });
    });
    await this.allowlists.add(space, [...records.values()]);
    return { entries: (await this.allowlists.list(space)).map(toAllowlistEntry) };
  }

  async removeAllowlistEntries(
    caller: WorkloadIdentity,
    request: botDetectionV1alpha1.RemoveAllowlistEntriesRequest,
  ): Promise<botDetectionV1alpha1.RemoveAllowlistEntriesResponse> {
    const space = this.managedSpace(caller, 'RemoveAllowlistEntries', request.space);
    const ranges = request.ipRanges.map(
      (range, index) => validateAllowlistRange(`ip_ranges[${index}]`, range).text,
    );
    if (ranges.length > 0) await this.allowlists.remove(space, ranges);
    return { entries: (await this.allowlists.list(space)).map(toAllowlistEntry) };
  }

  async unblock(
    caller: WorkloadIdentity,
    request: botDetectionV1alpha1.UnblockRequest,
  ): Promise<botDetectionV1alpha1.UnblockResponse> {
    const space = this.managedSpace(caller, 'Unblock', request.space);
    if (request.ip === '' && request.hashedUserId === '') {
      throw new InvalidArgumentError('ip', 'or hashed_user_id is required (at least one)');
    }
    const ipKey = request.ip === '' ? '' : rateKeyOf(validateIp('ip', request.ip));
    const hashedUserId = validateHashedUserId('hashed_user_id', request.hashedUserId, false);
    const cleared = await this.unavailableIfRedisFails(() =>
      this.rules.unblock(
        space,
        { ipKey, hashedUserId },
        this.clock.nowMs(),
        this.state.rules.rulesOf(space),
      ),
    );
    return { cleared };
  }

  async getSpaceRules(
    caller: WorkloadIdentity,
    request: botDetectionV1alpha1.GetSpaceRulesRequest,
  ): Promise<botDetectionV1alpha1.GetSpaceRulesResponse> {
    const space = this.managedSpace(caller, 'GetSpaceRules', request.space);
    return this.spaceRulesResponse(space, await this.spaceRules.get(space));
  }

  /**
   * Stores the Space's settings in Redis; every replica (this one included) applies them from the
   * feed. The answer is computed from what was stored, so it does not wait for the feed.
   */
  async setSpaceRules(
    caller: WorkloadIdentity,
    request: botDetectionV1alpha1.SetSpaceRulesRequest,
  ): Promise<botDetectionV1alpha1.SetSpaceRulesResponse> {
    const space = this.managedSpace(caller, 'SetSpaceRules', request.space);
    const settings = validateSpaceRules(request.rules);
    await this.spaceRules.set(space, settings);
    return this.spaceRulesResponse(space, settings);
  }

  async getStats(
    caller: WorkloadIdentity,
    request: botDetectionV1alpha1.GetStatsRequest,
  ): Promise<botDetectionV1alpha1.GetStatsResponse> {
    this.access.assertMayManage(caller, 'GetStats');
    const space = request.space === '' ? undefined : validateSpace('space', request.space);
    if (space) this.access.assertHosted(space);
    const windowMinutes = windowMinutesOf(request.windowMinutes);
    const nowMs = this.clock.nowMs();
    const counts = await this.stats.read(space, windowMinutes);
    const windowStartMs = (Math.floor(nowMs / 60_000) - windowMinutes + 1) * 60_000;
    return {
      windowStart: toTimestamp(windowStartMs),
      checks: counts.checks,
      allowed: counts.byAction.get(Action.ACTION_ALLOW) ?? 0,
      challenged: counts.byAction.get(Action.ACTION_CHALLENGE) ?? 0,
      throttled: counts.byAction.get(Action.ACTION_THROTTLE) ?? 0,
      blocked: counts.byAction.get(Action.ACTION_BLOCK) ?? 0,
      reasons: [...counts.byReason].map(([reason, count]) => ({ reason, count })),
      loginFailures: counts.loginFailures,
      activeSignatures: this.state.signatures.countActive(nowMs),
    };
  }

  /** The batch's valid signatures; the invalid ones are counted (and the first 100 described). */
  private validateBatch(
    batch: botDetectionV1alpha1.ImportSignaturesRequest,
    result: botDetectionV1alpha1.ImportSignaturesResponse,
  ): SignatureRecord[] {
    if (batch.signatures.length > MAX_SIGNATURES_PER_MESSAGE) {
      throw new InvalidArgumentError(
        'signatures',
        `a message holds ${batch.signatures.length} signatures; at most ${MAX_SIGNATURES_PER_MESSAGE} are accepted`,
      );
    }
    const nowMs = this.clock.nowMs();
    const valid: SignatureRecord[] = [];
    for (const signature of batch.signatures) {
      const validation = validateSignature(signature, nowMs);
      if (validation.ok) {
        valid.push(validation.record);
        continue;
      }
      result.rejected++;
      if (result.rejections.length < MAX_REPORTED_REJECTIONS) {
        result.rejections.push({
          signatureId: validation.signatureId,
          problem: validation.problem,
        });
      }
    }
    return valid;
  }

  private managedSpace(caller: WorkloadIdentity, operation: string, requested: string): string {
    this.access.assertMayManage(caller, operation);
    const space = validateSpace('space', requested);
    this.access.assertHosted(space);
    return space;
  }

  private spaceRulesResponse(
    space: string,
    settings: SpaceRuleSettings | undefined,
  ): botDetectionV1alpha1.GetSpaceRulesResponse {
    const table = new SpaceRulesTable(this.state.policy);
    table.replace(space, settings);
    return {
      rules: toSpaceRulesMessage(table.rulesOf(space)),
      customized: table.customized(space),
    };
  }

  /** The rate rules within the deadline; undefined (fail open) when Redis cannot answer in time. */
  private async inspectRules(
    subject: RateSubject,
    event: RuleEvent,
    nowMs: number,
    spaceRules: EffectiveRules,
  ): Promise<RuleFindings | undefined> {
    if (!this.rules.available) {
      this.metrics.recordDegradedCheck('unreachable');
      return undefined;
    }
    try {
      const findings = await this.rules.inspect(subject, event, nowMs, spaceRules);
      if (findings !== 'deadline') return findings;
      this.metrics.recordDegradedCheck('deadline');
      return undefined;
    } catch {
      this.metrics.recordDegradedCheck('unreachable');
      return undefined;
    }
  }

  private async unavailableIfRedisFails<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof PlatformError) throw error;
      throw new UnavailableError('the rate counters (Redis) are unreachable', { cause: error });
    }
  }
}

function toAllowlistEntry(record: AllowlistRecord): botDetectionV1alpha1.AllowlistEntry {
  return {
    ipRange: record.ipRange,
    comment: record.comment,
    addedAt: toTimestamp(record.addedAtMs),
  };
}

function toSpaceRulesMessage(rules: EffectiveRules): botDetectionV1alpha1.SpaceRules {
  return {
    bruteForce: { enabled: rules.bruteForce.enabled, maxAttempts: rules.bruteForce.threshold },
    suspiciousIp: {
      enabled: rules.failedLogins.enabled,
      maxFailedLoginsPerDay: rules.failedLogins.limit,
    },
    signup: { enabled: rules.signups.enabled, maxSignupsPerMinute: rules.signups.limit },
  };
}

function toTimestamp(ms: number): { seconds: string; nanos: number } {
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}
