import type { relayV1alpha1 } from '@platform/contracts';
import { eventually } from '@platform/testing';
import { directiveIdOf } from './directives';

/** How a Subscribe stream ended: `code` 0 when the server completed it. */
export interface StreamEnd {
  code: number;
  details: string;
}

/** An open Subscribe stream as an agent would hold it, recording what arrives. */
export interface SubscriptionProbe {
  deliveries: relayV1alpha1.SubscribeResponse[];
  /** Directive ids received so far, in arrival order. */
  directiveIds(): string[];
  /** Waits until `count` deliveries arrived; returns their directive ids. */
  waitFor(count: number, timeoutMs?: number): Promise<string[]>;
  ended: Promise<StreamEnd>;
  /** Cancels the call, as an agent that goes away does. */
  cancel(): void;
}

export function openSubscription(
  client: relayV1alpha1.RelayServiceClient,
  request: Partial<relayV1alpha1.SubscribeRequest>,
): SubscriptionProbe {
  const deliveries: relayV1alpha1.SubscribeResponse[] = [];
  let resolveEnd: (end: StreamEnd) => void = () => undefined;
  const ended = new Promise<StreamEnd>((resolve) => (resolveEnd = resolve));
  const subscription = client.subscribe({ space: '', resumeAfter: '', ...request }).subscribe({
    next: (delivery) => deliveries.push(delivery),
    error: (error: { code?: number; details?: string; message?: string }) =>
      resolveEnd({ code: error.code ?? -1, details: error.details ?? error.message ?? '' }),
    complete: () => resolveEnd({ code: 0, details: '' }),
  });
  const directiveIds = () => deliveries.map((delivery) => directiveIdOf(delivery.directive));
  return {
    deliveries,
    directiveIds,
    ended,
    cancel: () => subscription.unsubscribe(),
    waitFor: (count, timeoutMs = 10_000) =>
      eventually(
        async () => {
          if (deliveries.length < count) {
            throw new Error(
              `received ${deliveries.length} of ${count}: ${directiveIds().join(',')}`,
            );
          }
          return directiveIds();
        },
        timeoutMs,
        20,
      ),
  };
}

/** Resolves with what the stream did within `ms`: its end, or 'open'. */
export function stateAfter(probe: SubscriptionProbe, ms: number): Promise<StreamEnd | 'open'> {
  return Promise.race([
    probe.ended,
    new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), ms)),
  ]);
}
