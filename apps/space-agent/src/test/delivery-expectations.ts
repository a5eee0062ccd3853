import { relayV1alpha1 } from '@platform/contracts';
import { eventually } from '@platform/testing';
import type { AgentProcess, ProcessFixture } from './agent-process-fixture';
import type { ChainLink } from './directive-chain';

const { AckOutcome } = relayV1alpha1;

/**
 * Publishes each Space's chain in order (Spaces side by side), one directive every `pauseMs` per
 * Space so that delivery is still under way when a test breaks something, retrying each one while
 * the relay or its Redis is down (Publish is idempotent by directive id).
 */
export async function publishChains(
  fixture: ProcessFixture,
  chains: ReadonlyMap<string, readonly ChainLink[]>,
  pauseMs: number,
): Promise<void> {
  await Promise.all(
    [...chains.values()].map(async (chain) => {
      for (const link of chain) {
        await fixture.publishUntilStored(link.signed, 60_000);
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }),
  );
}

/** How many directives of its chain the agent reports applied (its last directive's position). */
export async function appliedCount(
  agent: AgentProcess,
  chain: readonly ChainLink[],
): Promise<number> {
  const status = await agent.status();
  return chain.findIndex((link) => link.id === status.lastDirectiveId) + 1;
}

/**
 * Waits until every agent runs the last release of its chain and the relay holds nothing for it,
 * then checks the record of each agent: every directive of the chain processed once, applied, in
 * publish order; and the relay's last acknowledgement is the chain's last directive.
 */
export async function expectEveryChainAppliedOnceInOrder(
  fixture: ProcessFixture,
  agents: readonly AgentProcess[],
  chains: ReadonlyMap<string, readonly ChainLink[]>,
  timeoutMs: number,
): Promise<void> {
  await eventually(
    async () => {
      for (const agent of agents) {
        const chain = chains.get(agent.space) ?? [];
        const last = chain[chain.length - 1];
        const status = await agent.status();
        expect({ space: agent.space, release: status.release }).toEqual({
          space: agent.space,
          release: last.release,
        });
        const delivery = await fixture.deliveryStatus(agent.space);
        expect({
          space: agent.space,
          backlog: delivery.backlog,
          acked: delivery.lastAcknowledgedId,
        }).toEqual({ space: agent.space, backlog: 0, acked: last.id });
      }
    },
    timeoutMs,
    200,
  );
  for (const agent of agents) {
    const chain = chains.get(agent.space) ?? [];
    const saved = await agent.savedState();
    expect({ space: agent.space, processed: saved?.processed.map((p) => p.id) }).toEqual({
      space: agent.space,
      processed: chain.map((link) => link.id),
    });
    expect(saved?.processed.every((p) => p.outcome === AckOutcome.ACK_OUTCOME_APPLIED)).toBe(true);
    expect(saved?.desired.release).toBe(chain[chain.length - 1].release);
  }
}
