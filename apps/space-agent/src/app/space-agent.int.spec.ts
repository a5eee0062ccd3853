import { commonV1alpha1, relayV1alpha1 } from '@platform/contracts';
import { createLogger, systemClock } from '@platform/platform-kit';
import { createTempDir, eventually } from '@platform/testing';
import { firstValueFrom } from 'rxjs';
import { acceptRelease, body, createTestCentral, scale } from '../test/agent-fixtures';
import {
  httpGet,
  MONITORING_TOKEN,
  startAgentFixture,
  type AgentFixture,
} from '../test/agent-int-fixture';
import type { DesiredState } from './agent-state';
import { AgentStateRepository } from './agent-state.repository';
import { DirectiveVerifier } from '@platform/directives';
import { DirectiveProcessor } from './directive-processor.service';
import { FileStateApplier } from './file-state.applier';
import { SpaceAgent } from './space-agent';
import { initialState } from './agent-state';

const { AckOutcome, RejectReason } = relayV1alpha1;

/** Counts what the agent applies, then records it as the default applier does. */
function recordingApplier(stateDir: string) {
  const applied: DesiredState[] = [];
  const file = new FileStateApplier(stateDir);
  return {
    applied,
    apply: async (desired: DesiredState) => {
      applied.push(desired);
      await file.apply(desired);
    },
  };
}

describe(SpaceAgent.name, () => {
  let fixture: AgentFixture;

  beforeAll(async () => {
    fixture = await startAgentFixture();
  });
  afterAll(() => fixture?.stop());

  async function publish(b: ReturnType<typeof body>, signer = fixture.central.signer) {
    await firstValueFrom(fixture.publisher.publish({ directive: signer.sign(b) }));
    return b.id;
  }
  async function lastAck(space: string) {
    const status = await firstValueFrom(
      fixture.publisher.getDeliveryStatus({ space, pageSize: 0, pageToken: '' }),
    );
    return status.spaces[0];
  }

  it('applies published directives in order, acknowledges them, and serves its status', async () => {
    const space = 'in-order';
    const dir = createTempDir('state');
    const applier = recordingApplier(dir.path);
    await publish(body(space, acceptRelease('1.0', '1.1')));
    const agent = await fixture.startAgent(space, { stateDir: dir.path, applier });
    await publish(body(space, acceptRelease('1.1', '1.2')));
    const last = await publish(body(space, scale(commonV1alpha1.Tier.TIER_PERFORMANCE)));

    await eventually(async () => expect(await fixture.backlog(space)).toBe(0), 15_000);
    expect(applier.applied.map((d) => `${d.release}/${d.tier}`)).toEqual([
      '1.1/TIER_UNSPECIFIED',
      '1.2/TIER_UNSPECIFIED',
      '1.2/TIER_PERFORMANCE',
    ]);
    expect((await lastAck(space)).lastOutcome).toBe(AckOutcome.ACK_OUTCOME_APPLIED);

    expect((await httpGet(agent, '/healthz')).status).toBe(200);
    expect((await httpGet(agent, '/status')).status).toBe(401);
    expect((await httpGet(agent, '/status', 'wrong-token-of-some-length')).status).toBe(401);
    const status = JSON.parse((await httpGet(agent, '/status', MONITORING_TOKEN)).text);
    expect(status).toMatchObject({
      space,
      release: '1.2',
      tier: 'TIER_PERFORMANCE',
      lastDirectiveId: last,
      frozen: false,
    });
    await eventually(async () => expect((await agent.agent.status()).connected).toBe(true));
    const metrics = await httpGet(agent, '/metrics', MONITORING_TOKEN);
    expect(metrics.text).toMatch(/space_agent_directives_applied_total 3/);
    expect(metrics.text).toMatch(/space_agent_state_dir_free_bytes \d+/);
    expect(metrics.text).toMatch(/space_agent_relay_connected 1/);
    expect((await httpGet(agent, '/metrics')).status).toBe(401);
    await agent.stop();
    dir.remove();
  });

  it('rejects a two-step release, an unknown key and a bad signature, and applies none', async () => {
    const space = 'rejecter';
    const dir = createTempDir('state');
    const applier = recordingApplier(dir.path);
    const agent = await fixture.startAgent(space, { stateDir: dir.path, applier });
    const forger = await createTestCentral();

    await publish(body(space, acceptRelease('0.8', '1.2')));
    await eventually(
      async () =>
        expect((await lastAck(space))?.lastRejectReason).toBe(
          RejectReason.REJECT_REASON_NOT_ONE_STEP_FROM_CURRENT_RELEASE,
        ),
      15_000,
    );
    await publish(body(space, acceptRelease('1.0', '1.1')), forger.signer);
    await eventually(
      async () =>
        expect((await lastAck(space)).lastRejectReason).toBe(
          RejectReason.REJECT_REASON_UNKNOWN_KEY_ID,
        ),
      15_000,
    );
    const genuine = fixture.central.signer.sign(body(space, acceptRelease('1.0', '1.1')));
    genuine.signature[0] ^= 1;
    await firstValueFrom(fixture.publisher.publish({ directive: genuine }));
    await eventually(
      async () =>
        expect((await lastAck(space)).lastRejectReason).toBe(
          RejectReason.REJECT_REASON_BAD_SIGNATURE,
        ),
      15_000,
    );
    expect(await fixture.backlog(space)).toBe(0);
    expect(applier.applied).toHaveLength(0);
    expect(agent.agent.status().release).toBe('1.0');
    const metrics = await httpGet(agent, '/metrics', MONITORING_TOKEN);
    expect(metrics.text).toMatch(
      /space_agent_directives_rejected_total\{reason="REJECT_REASON_BAD_SIGNATURE"\} 1/,
    );
    await agent.stop();
    dir.remove();
  });

  it('does not re-apply a directive after a restart between apply and acknowledgement', async () => {
    const space = 'crashy';
    const dir = createTempDir('state');
    const directive = { ...body(space, acceptRelease('1.0', '1.1')), emergency: true };
    const signed = fixture.central.signer.sign(directive);
    await firstValueFrom(fixture.publisher.publish({ directive: signed }));
    // The first run: applies and persists, then dies before acknowledging.
    const processor = new DirectiveProcessor(
      space,
      initialState(space, { release: '1.0' }),
      new DirectiveVerifier(fixture.central.trustedKeys),
      new AgentStateRepository(dir.path),
      recordingApplier(dir.path),
      systemClock,
      createLogger('space-agent', 'silent'),
    );
    const ack = await processor.process({
      directive: signed,
      deliveryId: '',
      directiveId: directive.id,
    });
    expect(ack.outcome).toBe(AckOutcome.ACK_OUTCOME_APPLIED);
    expect(await fixture.backlog(space)).toBe(1);

    const second = recordingApplier(dir.path);
    const agent = await fixture.startAgent(space, { stateDir: dir.path, applier: second });
    await eventually(async () => expect(await fixture.backlog(space)).toBe(0), 15_000);
    expect((await lastAck(space)).lastOutcome).toBe(AckOutcome.ACK_OUTCOME_DUPLICATE);
    expect(second.applied).toHaveLength(0);
    expect(agent.agent.status().release).toBe('1.1');
    await agent.stop();
    dir.remove();
  });

  it('floats while the relay is down and catches up in order, applying nothing twice', async () => {
    const space = 'floater';
    const dir = createTempDir('state');
    const applier = recordingApplier(dir.path);
    const agent = await fixture.startAgent(space, { stateDir: dir.path, applier });
    await publish(body(space, acceptRelease('1.0', '1.1')));
    await eventually(async () => expect(await fixture.backlog(space)).toBe(0), 15_000);
    await eventually(async () => expect(agent.agent.status().connected).toBe(true));

    await fixture.stopRelay();
    await eventually(async () => expect(agent.agent.status().connected).toBe(false), 10_000);
    expect((await httpGet(agent, '/healthz')).status).toBe(200);
    const before = JSON.parse((await httpGet(agent, '/status', MONITORING_TOKEN)).text);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const after = JSON.parse((await httpGet(agent, '/status', MONITORING_TOKEN)).text);
    expect(after.connected).toBe(false);
    expect(after.release).toBe('1.1');
    expect(after.secondsSinceLastContact).toBeGreaterThanOrEqual(
      before.secondsSinceLastContact + 2,
    );

    await fixture.startRelay();
    await publish(body(space, acceptRelease('1.1', '1.2')));
    await publish(body(space, acceptRelease('1.2', '1.3')));
    await eventually(async () => expect(await fixture.backlog(space)).toBe(0), 20_000);
    expect(applier.applied.map((d) => d.release)).toEqual(['1.1', '1.2', '1.3']);
    await eventually(async () => expect(agent.agent.status().connected).toBe(true));
    expect(agent.agent.status().secondsSinceLastContact).toBe(0);
    await agent.stop();
    dir.remove();
  });
});
