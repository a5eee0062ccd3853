import { directiveV1alpha1, relayV1alpha1 } from '@platform/contracts';
import { eventually } from '@platform/testing';
import { firstValueFrom, type Subscription } from 'rxjs';

/** A Space agent's view of the relay, reduced to what tests check: ids in arrival order. */
export interface SpaceSubscription {
  received: string[];
  /** Waits until `count` directives arrived; answers their ids. */
  waitFor(count: number, timeoutMs?: number): Promise<string[]>;
  /** Acknowledges a directive as applied, as the agent does after applying it. */
  acknowledge(directiveId: string): Promise<void>;
  close(): void;
}

export function subscribeAsSpace(
  client: relayV1alpha1.RelayServiceClient,
  space: string,
): SpaceSubscription {
  const received: string[] = [];
  const stream: Subscription = client.subscribe({ space, resumeAfter: '' }).subscribe({
    next: (delivery) => {
      const directive = delivery.directive;
      if (directive) received.push(directiveV1alpha1.DirectiveBody.decode(directive.payload).id);
    },
    error: () => undefined,
  });
  return {
    received,
    waitFor: (count, timeoutMs = 15_000) =>
      eventually(
        async () => {
          if (received.length < count) {
            throw new Error(`received ${received.length} of ${count}: ${received.join(',')}`);
          }
          return [...received];
        },
        timeoutMs,
        20,
      ),
    acknowledge: async (directiveId) => {
      await firstValueFrom(
        client.acknowledge({
          directiveId,
          outcome: relayV1alpha1.AckOutcome.ACK_OUTCOME_APPLIED,
          rejectReason: relayV1alpha1.RejectReason.REJECT_REASON_UNSPECIFIED,
        }),
      );
    },
    close: () => stream.unsubscribe(),
  };
}
