import type { MaintenanceWindow } from '@platform/gitops';
import type { Logger } from '@platform/platform-kit';
import { occurrencesBetween } from '@platform/release-planning';
import type { Redis } from 'ioredis';
import type { ReleaseService } from '../releases/release.service';
import type { RedisLease } from './redis-lease';
import { performance } from 'node:perf_hooks';

export interface ReleaseSchedulerOptions {
  tickMs: number;
  /** The weekly train's own schedule; absent: trains run only on request. */
  trainSchedule?: MaintenanceWindow;
  /** Redis key that remembers how far the last tick got. */
  cursorKey: string;
}

export interface ReleaseSchedulerDependencies {
  lease: RedisLease;
  service: ReleaseService;
  redis: Redis;
  now: () => Date;
  logger: Logger;
}

/** What one tick did. */
export interface TickReport {
  /** False when another replica holds the lease: this one did nothing. */
  leader: boolean;
  from?: string;
  to?: string;
  moved: number;
  commit?: string;
  trainCommit?: string;
  /** In review mode, the branch the scheduled train was pushed to. */
  trainReviewBranch?: string;
}

const ACTOR = 'release-orchestrator scheduler';

/**
 * The lease holder's loop: on each tick, the scheduled train when its time came, then one
 * commit for every Space whose window opened since the last tick. Replicas that do not hold
 * the lease only try to take it. The clock is injected, so tests drive days in milliseconds.
 */
export class ReleaseScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private token: number | undefined;

  constructor(
    private readonly deps: ReleaseSchedulerDependencies,
    private readonly options: ReleaseSchedulerOptions,
  ) {}

  start(): void {
    if (this.options.tickMs <= 0 || this.timer) return;
    const loop = () => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.deps.logger.warn(
            { error: error instanceof Error ? error.message : String(error) },
            'scheduler tick failed',
          ),
        )
        .finally(() => {
          if (this.timer) this.timer = setTimeout(loop, this.options.tickMs);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    const timer = this.timer;
    this.timer = undefined;
    if (timer) clearTimeout(timer);
    await this.running;
    if (this.token !== undefined) await this.deps.lease.release(this.token).catch(() => undefined);
  }

  /** One tick at the injected clock's now. */
  async tick(): Promise<TickReport> {
    // Real elapsed time for the logs, whatever the injected clock says.
    const started = performance.now();
    const token = await this.deps.lease.acquire();
    this.token = token;
    if (token === undefined) return { leader: false, moved: 0 };
    const fence = { token, assertHeld: () => this.deps.lease.assertHeld(token) };
    const to = this.deps.now();
    const saved = await this.deps.redis.get(this.options.cursorKey);
    const from = saved === null ? new Date(to.getTime() - this.options.tickMs) : new Date(saved);
    if (to.getTime() <= from.getTime()) return { leader: true, moved: 0 };
    const report: TickReport = {
      leader: true,
      from: from.toISOString(),
      to: to.toISOString(),
      moved: 0,
    };

    if (this.options.trainSchedule) {
      for (const due of occurrencesBetween(this.options.trainSchedule, from, to)) {
        // One request id per scheduled train: a replica that takes over never runs it again.
        const train = await this.deps.service.runTrain(
          { actor: ACTOR, requestId: `scheduled-train-${due.start.toISOString()}` },
          { dryRun: false },
          fence,
        );
        report.trainCommit = train.commit;
        if (train.reviewBranch) report.trainReviewBranch = train.reviewBranch;
        this.deps.logger.info(
          {
            commit: train.commit,
            ...(train.reviewBranch ? { reviewBranch: train.reviewBranch } : {}),
            durationMs: Math.round(performance.now() - started),
          },
          train.reviewBranch ? 'scheduled train pushed for review' : 'scheduled train ran',
        );
      }
    }
    const tick = await this.deps.service.windowTick(
      { actor: ACTOR, requestId: `windows-${to.toISOString()}` },
      from,
      to,
      fence,
    );
    await fence.assertHeld();
    await this.deps.redis.set(this.options.cursorKey, to.toISOString());
    report.moved = tick.result.moved;
    if (tick.commit !== '') {
      report.commit = tick.commit;
      this.deps.logger.info(
        {
          moved: tick.result.moved,
          commit: tick.commit,
          durationMs: Math.round(performance.now() - started),
        },
        'maintenance windows moved Spaces',
      );
    }
    return report;
  }
}
