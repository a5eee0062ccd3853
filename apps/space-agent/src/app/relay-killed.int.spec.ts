import { eventually } from '@platform/testing';
import {
  startProcessFixture,
  type AgentProcess,
  type ProcessFixture,
} from '../test/agent-process-fixture';
import {
  appliedCount,
  expectEveryChainAppliedOnceInOrder,
  publishChains,
} from '../test/delivery-expectations';
import { releaseChain, type ChainLink } from '../test/directive-chain';

const SPACES = ['relay-kill-a', 'relay-kill-b', 'relay-kill-c'];
const DIRECTIVES_PER_SPACE = 24;
/** Per Space: 24 directives take over a second to publish, so the kill lands mid-delivery. */
const PUBLISH_PAUSE_MS = 50;
const RELAY_DOWN_MS = 1_500;

describe('pop-relay killed with SIGKILL while delivering to space-agent processes', () => {
  let fixture: ProcessFixture;
  let agents: AgentProcess[];
  const chains = new Map<string, ChainLink[]>();

  beforeAll(async () => {
    fixture = await startProcessFixture();
    agents = await Promise.all(SPACES.map((space) => fixture.startAgent(space)));
    for (const space of SPACES) {
      chains.set(space, releaseChain(fixture.central, space, DIRECTIVES_PER_SPACE));
    }
  }, 150_000);
  afterAll(() => fixture?.stop(), 30_000);

  it('after a restart on the same Redis every agent has applied every directive once, in order', async () => {
    const publishing = publishChains(fixture, chains, PUBLISH_PAUSE_MS);
    // Strike as soon as delivery is under way: some directives applied, the rest in flight or
    // still to be published (the publisher retries each one across the outage).
    await eventually(
      async () => {
        const counts = await Promise.all(
          agents.map((agent) => appliedCount(agent, chains.get(agent.space) ?? [])),
        );
        expect(Math.max(...counts)).toBeGreaterThanOrEqual(2);
      },
      30_000,
      10,
    );
    await fixture.killRelay();
    const appliedAtKill = await Promise.all(
      agents.map((agent) => appliedCount(agent, chains.get(agent.space) ?? [])),
    );
    expect(appliedAtKill.every((count) => count < DIRECTIVES_PER_SPACE)).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, RELAY_DOWN_MS));
    // The agents keep serving on their state while the relay is gone.
    for (const agent of agents) expect((await agent.status()).connected).toBe(false);
    await fixture.startRelay();
    await publishing;

    // Agents back off (up to 30 s, full jitter) while the relay or Redis is away.
    await expectEveryChainAppliedOnceInOrder(fixture, agents, chains, 90_000);
    // The agent processes lived through it all: their counters cover the whole run.
    for (const agent of agents) {
      expect(await agent.metric('space_agent_directives_applied_total')).toBe(DIRECTIVES_PER_SPACE);
    }
  }, 180_000);
});
