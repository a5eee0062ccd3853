import type { Logger } from '@platform/platform-kit';
import type { RelayGateway } from '../relay-gateway/relay.gateway';
import { AcknowledgementTracker } from './acknowledgement-tracker';
import type { OutboxEntry, PendingOutboxDirective } from './outbox-entry';
import type { OutboxStore } from './outbox.store';
import { outboxTiming, Wakeup, type OutboxTiming } from './outbox-timing';
import { PopDispatcher, type DispatchSettings } from './pop-dispatcher';
import { validateOutboxEntries } from './validate-outbox-entries';

export interface DirectiveOutboxOptions {
  store: OutboxStore;
  gateway: RelayGateway;
  logger: Logger;
  /** First retry delay after a failed publish; default 200 ms. */
  initialRetryDelayMs?: number;
  /** Longest retry delay, also the retry delay of a refused directive; default 30 s. */
  maxRetryDelayMs?: number;
  /** Every PoP's queues are looked at this often even without a kick; default 5 s. */
  sweepIntervalMs?: number;
  /** How often relays are asked which directives were acknowledged; default 2 s. */
  acknowledgementPollIntervalMs?: number;
  /** Spaces whose queue heads go to a relay in one PublishBatch call; default 200. */
  batchSize?: number;
  /** PublishBatch calls in flight at once per PoP; default 2. */
  batchConcurrency?: number;
  /** Clock, sleep and jitter; tests replace them. */
  timing?: Partial<OutboxTiming>;
}

/**
 * The control plane's durable directive outbox. Git is the truth: a committed change's directives
 * are enqueued here, and the outbox gets them to the PoP relays, retrying with backoff for as long
 * as a relay is away, in enqueue order per Space and PoP. A directive stays listed by
 * {@link DirectiveOutbox.pendingFor} until the Space's agent acknowledged it at the relay.
 *
 * Several control-plane processes may run an outbox over the same store at once: a directive may
 * then reach a relay twice, which the relay answers as a duplicate, never out of order.
 */
export class DirectiveOutbox {
  private readonly dispatchers = new Map<string, PopDispatcher>();
  private readonly tracker: AcknowledgementTracker;
  private readonly settings: DispatchSettings;
  private readonly timing: OutboxTiming;
  private readonly wakeup = new Wakeup();
  private running = false;
  private discovery?: Promise<void>;

  constructor(private readonly options: DirectiveOutboxOptions) {
    this.timing = outboxTiming(options.timing);
    this.settings = {
      initialDelayMs: options.initialRetryDelayMs ?? 200,
      maxDelayMs: options.maxRetryDelayMs ?? 30_000,
      sweepIntervalMs: options.sweepIntervalMs ?? 5_000,
      batchSize: options.batchSize ?? 200,
      batchConcurrency: options.batchConcurrency ?? 2,
    };
    this.tracker = new AcknowledgementTracker(
      options.store,
      options.gateway,
      options.acknowledgementPollIntervalMs ?? 2_000,
      this.timing,
      options.logger,
    );
  }

  /**
   * Stores the entries (all or none, durably) and, when the outbox runs, sends them at once. An
   * entry whose directive id the outbox already holds for that PoP is stored once.
   *
   * @throws InvalidArgumentError naming the first bad field of an entry.
   * @throws UnavailableError when the outbox's Redis cannot be reached: nothing was stored.
   */
  async enqueue(entries: OutboxEntry[]): Promise<void> {
    validateOutboxEntries(entries);
    await this.options.store.add(entries);
    if (!this.running) return;
    for (const pop of new Set(entries.map((entry) => entry.pop))) this.dispatcherFor(pop).kick();
  }

  /** The Space's directives not acknowledged yet, on every PoP, oldest first. */
  pendingFor(space: string): Promise<PendingOutboxDirective[]> {
    return this.options.store.pendingFor(space);
  }

  /** Starts sending: the entries already stored (by this process before, or another) go first. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.tracker.start();
    this.discovery = this.discoverPops();
  }

  /** Stops sending and polling; resolves after the calls under way finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeup.wake();
    await this.discovery;
    await Promise.all([
      this.tracker.stop(),
      ...[...this.dispatchers.values()].map((dispatcher) => dispatcher.stop()),
    ]);
    this.dispatchers.clear();
  }

  /** Starts a dispatcher for every PoP in the store, on start and every sweep. */
  private async discoverPops(): Promise<void> {
    while (this.running) {
      try {
        for (const pop of await this.options.store.pops()) this.dispatcherFor(pop);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'outbox cannot list PoPs; will try again');
      }
      await this.wakeup.wait(this.settings.sweepIntervalMs, this.timing);
    }
  }

  private dispatcherFor(pop: string): PopDispatcher {
    let dispatcher = this.dispatchers.get(pop);
    if (!dispatcher) {
      dispatcher = new PopDispatcher(
        pop,
        this.options.store,
        this.options.gateway,
        this.settings,
        this.timing,
        this.options.logger,
      );
      this.dispatchers.set(pop, dispatcher);
      dispatcher.start();
    }
    return dispatcher;
  }
}
