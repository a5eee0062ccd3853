import type { Logger } from '@platform/platform-kit';
import type { RelayGateway } from '../relay-gateway/relay.gateway';
import type { StoredOutboxEntry } from './outbox-entry';
import type { OutboxStore } from './outbox.store';
import { Wakeup, type OutboxTiming } from './outbox-timing';
import { publishFailureKind } from './publish-failure';
import { retryDelayMs, type RetryPolicy } from './retry-delay';

export interface DispatchSettings extends RetryPolicy {
  /** A pass runs at least this often, whatever the kicks (a lost kick, another process's entries). */
  sweepIntervalMs: number;
  /** Spaces of the PoP published to at once; each Space's own entries go one at a time. */
  laneConcurrency: number;
}

interface Backoff {
  attempt: number;
  retryAt: number;
}

/**
 * Publishes one PoP's queued directives to its relay. Per Space the head of the queue goes
 * first, and the next one only after the relay stored it, so a Space receives its directives in
 * enqueue order; a head that fails holds back that Space only.
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
    const workers = Array.from({ length: Math.min(this.settings.laneConcurrency, due.length) });
    await Promise.all(
      workers.map(async () => {
        for (let space = due.shift(); space !== undefined; space = due.shift()) {
          await this.drain(space);
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

  /** Publishes the Space's queue head after head until one fails or the queue is empty. */
  private async drain(space: string): Promise<void> {
    while (this.running && this.relayBackoff.retryAt <= this.timing.now()) {
      const head = await this.store.head(this.pop, space);
      if (!head || !(await this.publish(head))) return;
    }
  }

  /** True when the relay stored the entry. */
  private async publish(entry: StoredOutboxEntry): Promise<boolean> {
    const { directiveId, space } = entry;
    try {
      const outcome = await this.gateway.publish(this.pop, {
        id: directiveId,
        space,
        signed: entry.signed,
      });
      await this.store.markAtRelay(this.pop, space, directiveId);
      this.spaceBackoff.delete(space);
      if (this.relayBackoff.attempt > 0) {
        this.logger.info({ pop: this.pop }, 'relay reachable again; outbox resumes');
      }
      this.relayBackoff = { attempt: 0, retryAt: 0 };
      this.logger.debug({ pop: this.pop, space, directiveId, outcome }, 'directive at relay');
      return true;
    } catch (error) {
      await this.failed(entry, error);
      return false;
    }
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
