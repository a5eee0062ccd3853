import type { Logger } from '@platform/platform-kit';
import type { RelayGateway } from '../relay-gateway/relay.gateway';
import { acknowledgedDirectives } from './acknowledged-directives';
import type { OutboxStore } from './outbox.store';
import { Wakeup, type OutboxTiming } from './outbox-timing';

/**
 * Forgets directives once the Space's agent acknowledged them: asks each PoP's relay for the
 * delivery status of the Spaces that have directives at the relay (and only those), every
 * `pollIntervalMs`.
 */
export class AcknowledgementTracker {
  private running = false;
  private loop?: Promise<void>;
  private readonly wakeup = new Wakeup();
  private readonly failingPops = new Set<string>();

  constructor(
    private readonly store: OutboxStore,
    private readonly gateway: RelayGateway,
    private readonly pollIntervalMs: number,
    private readonly timing: OutboxTiming,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeup.wake();
    await this.loop;
  }

  /** One round over every PoP; a PoP that fails is logged and skipped until the next round. */
  async poll(): Promise<void> {
    for (const pop of await this.store.pops()) {
      try {
        await this.pollPop(pop);
        this.failingPops.delete(pop);
      } catch (error) {
        if (!this.failingPops.has(pop)) {
          this.failingPops.add(pop);
          this.logger.warn({ err: error, pop }, 'cannot read delivery status; will ask again');
        }
      }
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.poll();
      } catch (error) {
        this.logger.warn({ err: error }, 'acknowledgement poll failed');
      }
      if (!this.running) break;
      await this.wakeup.wait(this.pollIntervalMs, this.timing);
    }
  }

  private async pollPop(pop: string): Promise<void> {
    const spaces = await this.store.spacesAwaitingAcknowledgement(pop);
    if (spaces.length === 0) return;
    // Read before asking the relay: only what was at the relay then can count as acknowledged.
    const atRelay = await Promise.all(spaces.map((space) => this.store.atRelay(pop, space)));
    const deliveries = await this.gateway.deliveryStatus(pop, spaces);
    for (const [index, space] of spaces.entries()) {
      const done = acknowledgedDirectives(atRelay[index] ?? [], deliveries.get(space));
      if (done.length === 0) continue;
      const removed = await this.store.removeAcknowledged(pop, space, done);
      this.logger.debug({ pop, space, removed }, 'acknowledged directives left the outbox');
    }
  }
}
