import { commonV1alpha1, relayV1alpha1 } from '@platform/contracts';
import { DirectiveVerifier } from '@platform/directives';
import { createLogger } from '@platform/platform-kit';
import fc from 'fast-check';
import {
  acceptRelease,
  body,
  createTestCentral,
  delivery,
  scale,
  type TestCentral,
} from '../test/agent-fixtures';
import { initialState, type AgentState, type DesiredState } from './agent-state';
import { DirectiveProcessor } from './directive-processor.service';

const { AckOutcome, RejectReason } = relayV1alpha1;
const SPACE = 'acme';
// Sunday 2026-01-11 03:00 in New York (08:00Z): inside a Sunday 02:00-04:00 window.
const IN_WINDOW = new Date('2026-01-11T08:00:00Z');
const OUT_OF_WINDOW = new Date('2026-01-11T12:00:00Z');
const NY_WINDOW: commonV1alpha1.MaintenanceWindow = {
  day: commonV1alpha1.DayOfWeek.DAY_OF_WEEK_SUNDAY,
  start: '02:00',
  durationMinutes: 120,
  timeZone: 'America/New_York',
};

describe(DirectiveProcessor.name, () => {
  let central: TestCentral;
  let stranger: TestCentral;

  beforeAll(async () => {
    central = await createTestCentral();
    stranger = await createTestCentral();
  });

  function setup(options: { now?: Date; state?: Partial<AgentState>; failApply?: boolean } = {}) {
    const applied: DesiredState[] = [];
    const saved: AgentState[] = [];
    const state = {
      ...initialState(SPACE, { release: '1.0', maintenanceWindow: NY_WINDOW }),
      ...options.state,
    };
    const processor = new DirectiveProcessor(
      SPACE,
      state,
      new DirectiveVerifier(central.trustedKeys),
      { save: async (s) => void saved.push(s) },
      {
        apply: async (desired) => {
          if (options.failApply) throw new Error('disk on fire');
          applied.push(desired);
        },
      },
      { now: () => options.now ?? IN_WINDOW },
      createLogger('space-agent', 'silent'),
    );
    const send = (b = body(SPACE, acceptRelease('1.0', '1.1')), signer = central.signer) =>
      processor.process(delivery(signer.sign(b), b.id));
    return { processor, applied, saved, send };
  }

  it('applies a release one step from the current one inside the window, and persists it', async () => {
    const { send, applied, saved, processor } = setup();
    const b = body(SPACE, acceptRelease('1.0', '1.1'));
    const ack = await send(b);
    expect(ack).toEqual({
      directiveId: b.id,
      outcome: AckOutcome.ACK_OUTCOME_APPLIED,
      rejectReason: RejectReason.REJECT_REASON_UNSPECIFIED,
    });
    expect(applied.map((d) => d.release)).toEqual(['1.1']);
    expect(saved.at(-1)?.desired.release).toBe('1.1');
    expect(saved.at(-1)?.lastDirectiveId).toBe(b.id);
    expect(processor.state.desired.release).toBe('1.1');
  });

  it('acknowledges an id it already applied as duplicate without applying it again', async () => {
    const { send, applied } = setup();
    const b = body(SPACE, scale(commonV1alpha1.Tier.TIER_PERFORMANCE));
    await send(b);
    const again = await send(b);
    expect(again.outcome).toBe(AckOutcome.ACK_OUTCOME_DUPLICATE);
    expect(applied).toHaveLength(1);
  });

  it('answers a redelivered rejected directive with the same rejection, even once the rules would pass', async () => {
    let now = OUT_OF_WINDOW;
    const applied: DesiredState[] = [];
    const processor = new DirectiveProcessor(
      SPACE,
      initialState(SPACE, { release: '1.0', maintenanceWindow: NY_WINDOW }),
      new DirectiveVerifier(central.trustedKeys),
      { save: async () => undefined },
      { apply: async (d) => void applied.push(d) },
      { now: () => now },
      createLogger('space-agent', 'silent'),
    );
    const b = body(SPACE, acceptRelease('1.0', '1.1'));
    const signed = central.signer.sign(b);
    expect((await processor.process(delivery(signed, b.id))).rejectReason).toBe(
      RejectReason.REJECT_REASON_OUTSIDE_MAINTENANCE_WINDOW,
    );
    now = IN_WINDOW;
    expect((await processor.process(delivery(signed, b.id))).rejectReason).toBe(
      RejectReason.REJECT_REASON_OUTSIDE_MAINTENANCE_WINDOW,
    );
    expect(applied).toHaveLength(0);
  });

  it.each([
    [
      'another Space',
      () => body('globex', acceptRelease('1.0', '1.1')),
      RejectReason.REJECT_REASON_WRONG_SPACE,
    ],
    [
      'a release two steps away',
      () => body(SPACE, acceptRelease('0.9', '1.1')),
      RejectReason.REJECT_REASON_NOT_ONE_STEP_FROM_CURRENT_RELEASE,
    ],
  ])('rejects a directive for %s and applies nothing', async (_case, make, reason) => {
    const { send, applied } = setup();
    const ack = await send(make());
    expect(ack.outcome).toBe(AckOutcome.ACK_OUTCOME_REJECTED);
    expect(ack.rejectReason).toBe(reason);
    expect(applied).toHaveLength(0);
  });

  it("rejects an unknown key id with the relay's copy of the id and does not remember it", async () => {
    const { send, applied, saved } = setup();
    const b = body(SPACE, acceptRelease('1.0', '1.1'));
    const ack = await send(b, stranger.signer);
    expect(ack).toEqual({
      directiveId: b.id,
      outcome: AckOutcome.ACK_OUTCOME_REJECTED,
      rejectReason: RejectReason.REJECT_REASON_UNKNOWN_KEY_ID,
    });
    expect(applied).toHaveLength(0);
    expect(saved).toHaveLength(0);
    // The genuine directive with that id still applies.
    expect((await send(b)).outcome).toBe(AckOutcome.ACK_OUTCOME_APPLIED);
  });

  it('rejects a bad signature', async () => {
    const { processor, applied } = setup();
    const b = body(SPACE, acceptRelease('1.0', '1.1'));
    const signed = central.signer.sign(b);
    const tampered = {
      ...signed,
      signature: Uint8Array.from(signed.signature, (byte, i) => (i === 0 ? byte ^ 1 : byte)),
    };
    const ack = await processor.process(delivery(tampered, b.id));
    expect(ack.rejectReason).toBe(RejectReason.REJECT_REASON_BAD_SIGNATURE);
    expect(applied).toHaveLength(0);
  });

  it('rejects a release outside the window, but applies it when marked emergency', async () => {
    const { send, applied } = setup({ now: OUT_OF_WINDOW });
    expect((await send(body(SPACE, acceptRelease('1.0', '1.1')))).rejectReason).toBe(
      RejectReason.REJECT_REASON_OUTSIDE_MAINTENANCE_WINDOW,
    );
    const emergency = { ...body(SPACE, acceptRelease('1.0', '1.1')), emergency: true };
    expect((await send(emergency)).outcome).toBe(AckOutcome.ACK_OUTCOME_APPLIED);
    expect(applied.map((d) => d.release)).toEqual(['1.1']);
  });

  it('does not let an emergency skip the one-step rule', async () => {
    const { send } = setup({ now: OUT_OF_WINDOW });
    const emergency = { ...body(SPACE, acceptRelease('0.8', '1.1')), emergency: true };
    expect((await send(emergency)).rejectReason).toBe(
      RejectReason.REJECT_REASON_NOT_ONE_STEP_FROM_CURRENT_RELEASE,
    );
  });

  it('rejects releases while frozen, until unfrozen', async () => {
    const { send } = setup();
    await send(body(SPACE, { freeze: { reason: 'incident' } }));
    expect((await send(body(SPACE, acceptRelease('1.0', '1.1')))).rejectReason).toBe(
      RejectReason.REJECT_REASON_SPACE_FROZEN,
    );
    await send(body(SPACE, { unfreeze: {} }));
    expect((await send(body(SPACE, acceptRelease('1.0', '1.1')))).outcome).toBe(
      AckOutcome.ACK_OUTCOME_APPLIED,
    );
  });

  it('uses the window a set-maintenance-window directive set', async () => {
    const { send } = setup({ now: OUT_OF_WINDOW });
    await send(
      body(SPACE, {
        setMaintenanceWindow: { maintenanceWindow: { ...NY_WINDOW, start: '06:00' } },
      }),
    );
    // 12:00Z is 07:00 in New York: inside 06:00-08:00.
    expect((await send(body(SPACE, acceptRelease('1.0', '1.1')))).outcome).toBe(
      AckOutcome.ACK_OUTCOME_APPLIED,
    );
  });

  it('acknowledges APPLY_FAILED when the applier fails and keeps the old state', async () => {
    const { send, processor } = setup({ failApply: true });
    expect((await send()).rejectReason).toBe(RejectReason.REJECT_REASON_APPLY_FAILED);
    expect(processor.state.desired.release).toBe('1.0');
  });

  it('moves only along the chain: a sequence of accept-releases ends on the last one that linked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc
            .tuple(fc.constantFrom('1', '2', '3'), fc.constantFrom('1', '2', '3'))
            .filter(([from, to]) => from !== to),
          { maxLength: 8 },
        ),
        async (steps) => {
          const { send, processor } = setup({
            state: { desired: { ...initialState(SPACE, {}).desired, release: '1' } },
          });
          let expected = '1';
          for (const [from, to] of steps) {
            const ack = await send(body(SPACE, acceptRelease(from, to)));
            const linked = from === expected;
            expect(ack.outcome === AckOutcome.ACK_OUTCOME_APPLIED).toBe(linked);
            if (linked) expected = to;
          }
          expect(processor.state.desired.release).toBe(expected);
        },
      ),
      { numRuns: 50 },
    );
  });
});
