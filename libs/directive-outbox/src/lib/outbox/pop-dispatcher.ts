import type { Logger } from '@platform/platform-kit';
import type { RelayBatchResult, RelayGateway } from '../relay-gateway/relay.gateway';
import type { StoredOutboxEntry } from './outbox-entry';
import type { OutboxStore } from './outbox.store';
import { Wakeup, type OutboxTiming } from './outbox-timing';
import { publishFailureKind } from './publish-failure';
import { retryDelayMs, type RetryPolicy } from './retry-delay';

export interface DispatchSettings extends RetryPolicy {
  /** A pass runs at least this often, whatever the kicks (a lost kick, another process's entries). */
  sweepIntervalMs: number;
  /** Spaces whose heads go to the relay in one PublishBatch. */
  batchSize: number;
  /** Batches of one PoP in flight at once. */
  batchConcurrency: number;
}

interface Backoff {
  attempt: number;
  retryAt: number;
}

/**
 * Publishes one PoP's queued directives to its relay, in batches: one batch carries the queue
 * heads of up to `batchSize` Spaces (one directive per Space), and a Space's next head goes only
 * after the relay stored the previous one, so a Space receives its directives in enqueue order;
 * a head that fails holds back that Space only. A batch costs a few round trips whatever its
 * size, so a tick that moves thousands of Spaces reaches the relay in a few dozen calls.
 *
 * Retries: an unreachable relay backs off the whole PoP (every Space would fail the same way); a
 * full backlog backs off the one Space. A refused head stays the head, marked `refused`, and is
 * tried again at the longest delay. It is never skipped: a Space's directives build on each
 * other (a release chain, a failover role, a decommission last), and applying a later one
 * without the earlier could leave the Space in a state that git never described. A refusal that
 * came from configuration (a certificate, a relay address) heals by itself on a later try; one
 * that came from the directive is visible in `pendingFor` for an operator.
 */
export class PopDispatcher {
  private running = false;
  private loop?: Promise<void>;
  private readonly wakeup = new Wakeup();
  private relayBackoff: Backoff = { attempt: 0, retryAt: 0 };
  private readonly spaceBackoff = new Map<string, Backoff>();

  constructor(
    readonly pop: string,
    private readonly store: OutboxStore,
    private readonly gateway: RelayGateway,
    private readonly settings: DispatchSettings,
    private readonly timing: OutboxTiming,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Runs a pass now (or right after the one under way): something was enqueued. */
  kick(): void {
    this.wakeup.wake();
  }

  /** Ends the loop after the publish under way, if any. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeup.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    let storeFailures = 0;
    while (this.running) {
      let nextPassAt: number;
      try {
        nextPassAt = await this.pass();
        storeFailures = 0;
      } catch (error) {
        if (storeFailures === 0) {
          this.logger.warn({ err: error, pop: this.pop }, 'outbox dispatch pass failed');
        }
        nextPassAt = this.timing.now() + retryDelayMs(storeFailures, this.settings, this.random);
        storeFailures += 1;
      }
      if (!this.running) break;
      await this.wakeup.wait(Math.max(0, nextPassAt - this.timing.now()), this.timing);
    }
  }

  /** Publishes what is due; answers when the next pass is due. */
  private async pass(): Promise<number> {
    const spaces = await this.store.spacesWithQueued(this.pop);
    for (const space of this.spaceBackoff.keys()) {
      if (!spaces.includes(space)) this.spaceBackoff.delete(space);
    }
    const due = spaces.filter((space) => this.retryAt(space) <= this.timing.now());
    const batches = Math.ceil(due.length / this.settings.batchSize);
    const workers = Array.from({ length: Math.min(this.settings.batchConcurrency, batches) });
    await Promise.all(
      workers.map(async () => {
        while (this.running && this.relayBackoff.retryAt <= this.timing.now() && due.length > 0) {
          // Each Space is in at most one batch at a time: its heads go one after the other.
          const batch = due.splice(0, this.settings.batchSize);
          due.push(...(await this.publishHeads(batch)));
        }
      }),
    );
    const now = this.timing.now();
    let next = now + this.settings.sweepIntervalMs;
    for (const space of spaces) {
      const retryAt = this.retryAt(space);
      if (retryAt > now) next = Math.min(next, retryAt);
    }
    return next;
  }

  /** Publishes the queue head of each Space in one batch; answers the Spaces the relay took. */
  private async publishHeads(spaces: string[]): Promise<string[]> {
    const heads = (await this.store.heads(this.pop, spaces)).filter(
      (head): head is StoredOutboxEntry => head !== undefined,
    );
    if (heads.length === 0) return [];
    let results: RelayBatchResult[];
    try {
      results = await this.gateway.publishBatch(
        this.pop,
        heads.map(({ directiveId, space, signed }) => ({ id: directiveId, space, signed })),
      );
    } catch (error) {
      await this.batchFailed(heads, error);
      return [];
    }
    const taken: StoredOutboxEntry[] = [];
    await Promise.all(
      heads.map(async (head, index) => {
        const result = results[index];
        if (result === undefined || 'error' in result) {
          await this.failed(head, result?.error ?? new Error('the relay gave no result'));
          return;
        }
        taken.push(head);
      }),
    );
    await this.store.markAllAtRelay(this.pop, taken);
    for (const head of taken) this.spaceBackoff.delete(head.space);
    if (taken.length > 0) {
      if (this.relayBackoff.attempt > 0) {
        this.logger.info({ pop: this.pop }, 'relay reachable again; outbox resumes');
      }
      this.relayBackoff = { attempt: 0, retryAt: 0 };
      this.logger.debug({ pop: this.pop, directives: taken.length }, 'directives at relay');
    }
    return taken.map((head) => head.space);
  }

  /**
   * The batch call failed as a whole. An unreachable relay counts one failure for the PoP (not
   * one per head); any other failure is each head's own, as if it had been published alone.
   */
  private async batchFailed(heads: StoredOutboxEntry[], error: unknown): Promise<void> {
    if (publishFailureKind(error) !== 'relay-unreachable') {
      await Promise.all(heads.map((head) => this.failed(head, error)));
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    await Promise.all(
      heads.map((head) =>
        this.store.recordFailure(this.pop, head.directiveId, { state: 'queued', error: message }),
      ),
    );
    if (this.relayBackoff.attempt === 0) {
      this.logger.warn(
        { pop: this.pop, directives: heads.length, err: error },
        'relay unreachable; directives wait in the outbox',
      );
    }
    this.relayBackoff = this.backoffAfter(this.relayBackoff);
  }

  private async failed(entry: StoredOutboxEntry, error: unknown): Promise<void> {
    const { directiveId, space } = entry;
    const message = error instanceof Error ? error.message : String(error);
    const kind = publishFailureKind(error);
    const context = { pop: this.pop, space, directiveId, err: error };
    if (kind === 'refused') {
      await this.store.recordFailure(this.pop, directiveId, { state: 'refused', error: message });
      if (entry.state !== 'refused') {
        this.logger.error(context, "relay refused a directive; it holds back the Space's queue");
      }
      this.spaceBackoff.set(space, {
        attempt: 0,
        retryAt: this.timing.now() + this.settings.maxDelayMs,
      });
      return;
    }
    await this.store.recordFailure(this.pop, directiveId, { state: 'queued', error: message });
    if (kind === 'relay-unreachable') {
      if (this.relayBackoff.attempt === 0) {
        this.logger.warn(context, 'relay unreachable; directives wait in the outbox');
      }
      this.relayBackoff = this.backoffAfter(this.relayBackoff);
    } else {
      this.logger.warn(context, 'publish failed; the Space retries with backoff');
      this.spaceBackoff.set(space, this.backoffAfter(this.spaceBackoff.get(space)));
    }
  }

  private backoffAfter(previous: Backoff | undefined): Backoff {
    const attempt = previous?.attempt ?? 0;
    return {
      attempt: attempt + 1,
      retryAt: this.timing.now() + retryDelayMs(attempt, this.settings, this.random),
    };
  }

  private retryAt(space: string): number {
    return Math.max(this.relayBackoff.retryAt, this.spaceBackoff.get(space)?.retryAt ?? 0);
  }

  private readonly random = (): number => this.timing.random();
}
