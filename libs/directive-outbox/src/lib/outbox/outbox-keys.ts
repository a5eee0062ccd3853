/**
 * The outbox's Redis keys under one prefix (default `cp:outbox:`). PoP and Space names are DNS
 * labels and directive ids `[0-9A-Za-z_-]`, so no name can run into the `:` separators. On Redis
 * Cluster, give a prefix with a hash tag (`{cp:outbox}:`): the scripts touch several Spaces' keys
 * at once and need them in one slot.
 */
export class OutboxKeys {
  constructor(readonly prefix: string) {}

  /** string: counter that orders entries by enqueue, across every PoP and Space. */
  get sequence(): string {
    return `${this.prefix}seq`;
  }

  /** set: every PoP that ever had an entry. */
  get pops(): string {
    return `${this.prefix}pops`;
  }

  /** hash: one directive on its way to one PoP, and its progress (see README.md). */
  entry(pop: string, directiveId: string): string {
    return `${this.prefix}entry:${pop}:${directiveId}`;
  }

  /** string with expiry: the PoP's relay delivered the directive; enqueueing it again does nothing. */
  delivered(pop: string, directiveId: string): string {
    return `${this.prefix}delivered:${pop}:${directiveId}`;
  }

  /** list: ids not at the relay yet, enqueue order; the head is published next. */
  queue(pop: string, space: string): string {
    return `${this.prefix}queue:${pop}:${space}`;
  }

  /** list: ids at the relay awaiting acknowledgement, publish order. */
  atRelay(pop: string, space: string): string {
    return `${this.prefix}at-relay:${pop}:${space}`;
  }

  /** set: Spaces of the PoP whose queue is not empty. */
  spacesWithQueued(pop: string): string {
    return `${this.prefix}queued-spaces:${pop}`;
  }

  /** set: Spaces of the PoP whose at-relay list is not empty. */
  spacesAtRelay(pop: string): string {
    return `${this.prefix}at-relay-spaces:${pop}`;
  }

  /** sorted set: `<pop>:<id>` of every unacknowledged directive of the Space, by enqueue order. */
  pending(space: string): string {
    return `${this.prefix}pending:${space}`;
  }
}
