import type { commonV1alpha1, directiveV1alpha1 } from '@platform/contracts';

/** A signed directive that must reach the relay of `pop`. */
export interface OutboxEntry {
  /** `DirectiveBody.id` inside `signed.payload`; the outbox's idempotency key. */
  directiveId: string;
  /** `DirectiveBody.space` inside `signed.payload`. */
  space: string;
  /** PoP whose relay carries the directive to the Space. */
  pop: string;
  kind: commonV1alpha1.DirectiveKind;
  emergency: boolean;
  issuedAt: Date;
  signed: directiveV1alpha1.SignedDirective;
}

/**
 * Where a directive stands:
 * - `queued`: not at the relay yet (never tried, or the relay was unreachable or full);
 * - `at-relay`: the relay stored it; the Space's agent has not acknowledged it yet;
 * - `refused`: the relay refused it for good (see `lastError`). It stays at the head of its
 *   Space's queue on that PoP, blocking later directives there, and is retried now and then.
 */
export type OutboxState = 'queued' | 'at-relay' | 'refused';

/** A directive issued to a Space and not acknowledged by its agent yet. */
export interface PendingOutboxDirective {
  directiveId: string;
  pop: string;
  kind: commonV1alpha1.DirectiveKind;
  emergency: boolean;
  issuedAt: Date;
  state: OutboxState;
  /** Publish attempts so far. */
  attempts: number;
  /** Why the last attempt failed; absent once the relay took it. */
  lastError?: string;
}

/** An entry as the store keeps it: what was enqueued plus its delivery progress. */
export interface StoredOutboxEntry extends OutboxEntry {
  state: OutboxState;
  attempts: number;
  lastError?: string;
}
