import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { relayV1alpha1 } from '@platform/contracts';
import { eventually } from '@platform/testing';
import {
  startProcessFixture,
  type AgentProcess,
  type ProcessFixture,
} from '../test/agent-process-fixture';
import { releaseChain } from '../test/directive-chain';
import { startHeldTcpProxy, type HeldTcpProxy } from '../test/held-tcp-proxy';
import { DESIRED_STATE_FILE } from './file-state.applier';

const { AckOutcome } = relayV1alpha1;
const SPACE = 'killed-before-ack';

describe('a space-agent process killed between applying a directive and acknowledging it', () => {
  let fixture: ProcessFixture;
  let proxy: HeldTcpProxy;
  let agent: AgentProcess;

  beforeAll(async () => {
    fixture = await startProcessFixture();
    proxy = await startHeldTcpProxy({ host: '127.0.0.1', port: fixture.relayPort });
    // The agent reaches the relay only through the proxy, so its Acknowledge can be held back.
    agent = await fixture.startAgent(SPACE, { relayAddress: proxy.address });
  }, 150_000);
  afterAll(async () => {
    await proxy?.close();
    await fixture?.stop();
  }, 30_000);

  it('answers the redelivery after its restart as a duplicate and does not apply it again', async () => {
    const [first, second] = releaseChain(fixture.central, SPACE, 2);
    await fixture.publishUntilStored(first.signed);
    await eventually(async () => {
      const delivery = await fixture.deliveryStatus(SPACE);
      expect([delivery.lastAcknowledgedId, delivery.backlog]).toEqual([first.id, 0]);
    }, 30_000);

    // From here on nothing the agent sends reaches the relay; the relay still sends to it.
    proxy.holdUpstream();
    await fixture.publishUntilStored(second.signed);
    await eventually(
      async () => {
        const saved = await agent.savedState();
        expect(saved?.processed.map((p) => p.id)).toEqual([first.id, second.id]);
      },
      30_000,
      20,
    );
    const desiredFile = join(agent.stateDir, DESIRED_STATE_FILE);
    const appliedAt = statSync(desiredFile).mtimeMs;
    expect(JSON.parse(readFileSync(desiredFile, 'utf8')).release).toBe(second.release);
    // What the agent sent since (its Acknowledge among it) is held here: the relay has no record.
    await eventually(async () => expect(proxy.heldBytes()).toBeGreaterThan(0), 10_000, 20);
    const beforeKill = await fixture.deliveryStatus(SPACE);
    expect([beforeKill.lastAcknowledgedId, beforeKill.backlog]).toEqual([first.id, 1]);

    await agent.kill('SIGKILL');
    proxy.dropConnections();
    proxy.releaseUpstream();
    const afterKill = await fixture.deliveryStatus(SPACE);
    expect([afterKill.lastAcknowledgedId, afterKill.backlog]).toEqual([first.id, 1]);

    await agent.restart();
    await eventually(async () => {
      const delivery = await fixture.deliveryStatus(SPACE);
      expect([delivery.lastAcknowledgedId, delivery.backlog, delivery.lastOutcome]).toEqual([
        second.id,
        0,
        AckOutcome.ACK_OUTCOME_DUPLICATE,
      ]);
    }, 30_000);

    // The restarted process saw the directive again and applied nothing.
    expect(await agent.metric('space_agent_directives_duplicate_total')).toBe(1);
    expect(await agent.metric('space_agent_directives_applied_total')).toBe(0);
    expect(statSync(desiredFile).mtimeMs).toBe(appliedAt);
    const saved = await agent.savedState();
    expect(saved?.processed.map((p) => p.id)).toEqual([first.id, second.id]);
    const status = await agent.status();
    expect([status.release, status.lastDirectiveId]).toEqual([second.release, second.id]);
  }, 180_000);
});
