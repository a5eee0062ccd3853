import type { OutboxEntry, PendingOutboxDirective, StoredOutboxEntry } from './outbox-entry';

/** A failed publish attempt: `refused` when the relay said no for good, else `queued`. */
export interface PublishFailure {
  state: 'queued' | 'refused';
  error: string;
}

/**
 * Durable storage of the directive outbox. Per (PoP, Space) it keeps two ordered lists: the
 * directives not at the relay yet (enqueue order; the head is the next to publish) and those at
 * the relay awaiting the agent's acknowledgement (publish order, which is the same order).
 *
 * Every method is safe to call from several processes at once: state changes are conditional on
 * the entry still being where the caller saw it.
 */
export interface OutboxStore {
  /**
   * Stores `entries` all together or none of them, durably before resolving. A directive id
   * the store holds for the same PoP (or delivered there recently) is left as it is.
   *
   * @throws UnavailableError when the storage cannot be reached.
   */
  add(entries: OutboxEntry[]): Promise<void>;

  /** PoPs that ever had an entry. */
  pops(): Promise<string[]>;

  /** Spaces of `pop` with directives not at the relay yet. */
  spacesWithQueued(pop: string): Promise<string[]>;

  /** The oldest directive of (`pop`, `space`) not at the relay yet. */
  head(pop: string, space: string): Promise<StoredOutboxEntry | undefined>;

  /**
   * The heads of several Spaces of `pop` at once, in the order of `spaces`; undefined for a Space
   * with nothing queued. Same answers as {@link head} per Space, in fewer round trips.
   */
  heads(pop: string, spaces: readonly string[]): Promise<(StoredOutboxEntry | undefined)[]>;

  /**
   * Moves `directiveId` from the head of the (`pop`, `space`) queue to its at-relay list. Does
   * nothing (and answers false) when it is not the head any more.
   */
  markAtRelay(pop: string, space: string, directiveId: string): Promise<boolean>;

  /**
   * {@link markAtRelay} for several directives of `pop` at once (at most one per Space), in one
   * round trip; answers per directive whether it moved.
   */
  markAllAtRelay(
    pop: string,
    directives: readonly { space: string; directiveId: string }[],
  ): Promise<boolean[]>;

  /** Counts a failed attempt on an entry that is not at the relay; ignores unknown ids. */
  recordFailure(pop: string, directiveId: string, failure: PublishFailure): Promise<void>;

  /** Spaces of `pop` with directives at the relay awaiting acknowledgement. */
  spacesAwaitingAcknowledgement(pop: string): Promise<string[]>;

  /** Ids at the relay for (`pop`, `space`), oldest first. */
  atRelay(pop: string, space: string): Promise<string[]>;

  /**
   * Forgets acknowledged directives: removes `directiveIds`, in order, while each is the oldest
   * at-relay entry of (`pop`, `space`). Answers how many it removed.
   */
  removeAcknowledged(pop: string, space: string, directiveIds: string[]): Promise<number>;

  /** Every directive of `space` not acknowledged yet, on any PoP, oldest first. */
  pendingFor(space: string): Promise<PendingOutboxDirective[]>;
}
