import type { directiveV1alpha1 } from '@platform/contracts';

/** A signed directive on its way to one PoP's relay. */
export interface RelayBoundDirective {
  /** `DirectiveBody.id` inside `signed.payload`. */
  id: string;
  /** `DirectiveBody.space` inside `signed.payload`. */
  space: string;
  signed: directiveV1alpha1.SignedDirective;
}

/** `duplicate`: the relay already held this directive id (an earlier attempt got through). */
export type RelayPublishOutcome = 'accepted' | 'duplicate';

/**
 * What a relay did with one directive of a batch: stored it (or already held it), or refused it
 * with the error a single publish would have thrown (`ResourceExhaustedError` for a full backlog,
 * `InvalidArgumentError` for a malformed directive).
 */
export type RelayBatchResult = { outcome: RelayPublishOutcome } | { error: Error };

/** What a relay knows about one Space's delivery. */
export interface RelaySpaceDelivery {
  /** Directive id of the newest acknowledgement; empty when the Space acknowledged nothing yet. */
  lastAcknowledgedId: string;
  /** Directives the relay holds for the Space that its agent has not acknowledged. */
  backlog: number;
}

/**
 * Central's side of the PoP relays (`platform.relay.v1alpha1.RelayService`), by PoP name.
 *
 * Failures are `@platform/errors` classes: `UnavailableError` when the relay cannot be reached
 * or does not answer in time (retrying may work), `ResourceExhaustedError` when the Space's
 * backlog on the relay is full (retrying later may work), any other kind when the relay refused
 * the call for good (a bad directive, a missing permission, an unknown PoP).
 */
export interface RelayGateway {
  /** Hands one directive to the relay of `pop`; resolves once the relay has stored it. */
  publish(pop: string, directive: RelayBoundDirective): Promise<RelayPublishOutcome>;

  /**
   * Hands many directives to the relay of `pop` in as few calls as it can; answers one result
   * per directive, in order. Directives of one Space are stored in the given order, and after
   * one of them is refused the later ones of that Space are refused too. Throws (like `publish`)
   * only when the call itself failed, e.g. `UnavailableError`: then some directives may be
   * stored, and publishing them again answers `duplicate`.
   */
  publishBatch(
    pop: string,
    directives: readonly RelayBoundDirective[],
  ): Promise<RelayBatchResult[]>;

  /**
   * Delivery progress of `spaces` on `pop`. A Space the relay never received a directive for
   * is absent from the map.
   */
  deliveryStatus(pop: string, spaces: string[]): Promise<Map<string, RelaySpaceDelivery>>;
}
