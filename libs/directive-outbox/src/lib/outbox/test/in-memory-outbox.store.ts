import type { OutboxEntry, PendingOutboxDirective, StoredOutboxEntry } from '../outbox-entry';
import type { OutboxStore, PublishFailure } from '../outbox.store';

/**
 * {@link OutboxStore} in memory, for the dispatcher's unit tests. It follows the same contract as
 * the Redis store (outbox-store.contract.ts runs against both).
 */
export class InMemoryOutboxStore implements OutboxStore {
  private readonly entries = new Map<string, StoredOutboxEntry & { seq: number }>();
  private readonly delivered = new Set<string>();
  private readonly queues = new Map<string, string[]>();
  private readonly relayed = new Map<string, string[]>();
  private readonly knownPops = new Set<string>();
  private seq = 0;
  /** When set, every call fails with it (a Redis outage). */
  failure?: Error;

  async add(entries: OutboxEntry[]): Promise<void> {
    this.check();
    for (const entry of entries) {
      const key = entryKey(entry.pop, entry.directiveId);
      if (this.entries.has(key) || this.delivered.has(key)) continue;
      this.seq += 1;
      this.entries.set(key, { ...entry, state: 'queued', attempts: 0, seq: this.seq });
      listOf(this.queues, laneKey(entry.pop, entry.space)).push(entry.directiveId);
      this.knownPops.add(entry.pop);
    }
  }

  async pops(): Promise<string[]> {
    this.check();
    return [...this.knownPops];
  }

  async spacesWithQueued(pop: string): Promise<string[]> {
    this.check();
    return spacesOf(this.queues, pop);
  }

  async head(pop: string, space: string): Promise<StoredOutboxEntry | undefined> {
    this.check();
    const id = this.queues.get(laneKey(pop, space))?.[0];
    const entry = id === undefined ? undefined : this.entries.get(entryKey(pop, id));
    if (!entry) return undefined;
    return storedCopy(entry);
  }

  async heads(pop: string, spaces: readonly string[]): Promise<(StoredOutboxEntry | undefined)[]> {
    return Promise.all(spaces.map((space) => this.head(pop, space)));
  }

  async markAllAtRelay(
    pop: string,
    directives: readonly { space: string; directiveId: string }[],
  ): Promise<boolean[]> {
    const moved: boolean[] = [];
    for (const { space, directiveId } of directives) {
      moved.push(await this.markAtRelay(pop, space, directiveId));
    }
    return moved;
  }

  async markAtRelay(pop: string, space: string, directiveId: string): Promise<boolean> {
    this.check();
    const queue = listOf(this.queues, laneKey(pop, space));
    const entry = this.entries.get(entryKey(pop, directiveId));
    if (queue[0] !== directiveId || !entry) return false;
    queue.shift();
    listOf(this.relayed, laneKey(pop, space)).push(directiveId);
    entry.state = 'at-relay';
    entry.attempts += 1;
    delete entry.lastError;
    return true;
  }

  async recordFailure(pop: string, directiveId: string, failure: PublishFailure): Promise<void> {
    this.check();
    const entry = this.entries.get(entryKey(pop, directiveId));
    if (!entry || entry.state === 'at-relay') return;
    entry.state = failure.state;
    entry.lastError = failure.error;
    entry.attempts += 1;
  }

  async spacesAwaitingAcknowledgement(pop: string): Promise<string[]> {
    this.check();
    return spacesOf(this.relayed, pop);
  }

  async atRelay(pop: string, space: string): Promise<string[]> {
    this.check();
    return [...(this.relayed.get(laneKey(pop, space)) ?? [])];
  }

  async removeAcknowledged(pop: string, space: string, directiveIds: string[]): Promise<number> {
    this.check();
    const list = listOf(this.relayed, laneKey(pop, space));
    let removed = 0;
    for (const id of directiveIds) {
      if (list[0] !== id) break;
      list.shift();
      this.entries.delete(entryKey(pop, id));
      this.delivered.add(entryKey(pop, id));
      removed += 1;
    }
    return removed;
  }

  async pendingFor(space: string): Promise<PendingOutboxDirective[]> {
    this.check();
    return [...this.entries.values()]
      .filter((entry) => entry.space === space)
      .sort((a, b) => a.seq - b.seq)
      .map(({ directiveId, pop, kind, emergency, issuedAt, state, attempts, lastError }) => ({
        directiveId,
        pop,
        kind,
        emergency,
        issuedAt,
        state,
        attempts,
        ...(lastError === undefined ? {} : { lastError }),
      }));
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}

function storedCopy(entry: StoredOutboxEntry & { seq: number }): StoredOutboxEntry {
  const copy: StoredOutboxEntry & { seq?: number } = { ...entry };
  delete copy.seq;
  return copy;
}

const entryKey = (pop: string, id: string) => `${pop}/${id}`;
const laneKey = (pop: string, space: string) => `${pop}/${space}`;

function listOf(lists: Map<string, string[]>, key: string): string[] {
  let list = lists.get(key);
  if (!list) {
    list = [];
    lists.set(key, list);
  }
  return list;
}

function spacesOf(lists: Map<string, string[]>, pop: string): string[] {
  return [...lists.entries()]
    .filter(([key, ids]) => key.startsWith(`${pop}/`) && ids.length > 0)
    .map(([key]) => key.slice(pop.length + 1));
}
