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

const SPACES = ['redis-restart-a', 'redis-restart-b', 'redis-restart-c'];
const DIRECTIVES_PER_SPACE = 24;
/** Per Space: 24 directives take over a second to publish, so the crash lands mid-delivery. */
const PUBLISH_PAUSE_MS = 50;
const REDIS_DOWN_MS = 1_500;

describe("the relay's Redis killed and restarted (AOF on) while delivering to space-agent processes", () => {
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

  it('loses no directive: every agent applies every one once, in order', async () => {
    const publishing = publishChains(fixture, chains, PUBLISH_PAUSE_MS);
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
    // SIGKILL, not a clean shutdown: only what the append-only file holds comes back.
    await fixture.redis.kill();
    const appliedAtCrash = await Promise.all(
      agents.map((agent) => appliedCount(agent, chains.get(agent.space) ?? [])),
    );
    expect(appliedAtCrash.every((count) => count < DIRECTIVES_PER_SPACE)).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, REDIS_DOWN_MS));
    await fixture.redis.restart();
    await publishing;

    // Agents back off (up to 30 s, full jitter) while the relay or Redis is away.
    await expectEveryChainAppliedOnceInOrder(fixture, agents, chains, 90_000);
    for (const agent of agents) {
      expect(await agent.metric('space_agent_directives_applied_total')).toBe(DIRECTIVES_PER_SPACE);
    }
    // The relay itself was never restarted: it rode out the outage.
    expect(fixture.relay()?.child.exitCode).toBeNull();
  }, 180_000);
});
