import { InvalidArgumentError, ResourceExhaustedError, UnavailableError } from '@platform/errors';
import { eventually } from '@platform/testing';
import { DirectiveOutbox } from './directive-outbox';
import { capturedLogger } from './test/captured-logs';
import { InMemoryOutboxStore } from './test/in-memory-outbox.store';
import { ManualTiming } from './test/manual-timing';
import { createOutboxEntryFactory, type OutboxEntryFactory } from './test/outbox-entries';
import { ScriptedRelayGateway } from './test/scripted-relay.gateway';

const POP = 'aws-us-east-1';
const OTHER_POP = 'gcp-europe-west1';
const INITIAL_MS = 100;
const MAX_MS = 1_600;
const SWEEP_MS = 10_000;
const ACK_POLL_MS = 3_000;

describe(DirectiveOutbox.name, () => {
  let factory: OutboxEntryFactory;
  let store: InMemoryOutboxStore;
  let relays: ScriptedRelayGateway;
  let timing: ManualTiming;
  let logs: ReturnType<typeof capturedLogger>;
  let outbox: DirectiveOutbox;

  beforeAll(async () => {
    factory = await createOutboxEntryFactory();
  });

  beforeEach(() => {
    store = new InMemoryOutboxStore();
    relays = new ScriptedRelayGateway();
    timing = new ManualTiming();
    logs = capturedLogger();
    outbox = newOutbox();
  });

  afterEach(async () => {
    await outbox.stop();
  });

  function newOutbox(): DirectiveOutbox {
    return new DirectiveOutbox({
      store,
      gateway: relays,
      logger: logs.logger,
      initialRetryDelayMs: INITIAL_MS,
      maxRetryDelayMs: MAX_MS,
      sweepIntervalMs: SWEEP_MS,
      acknowledgementPollIntervalMs: ACK_POLL_MS,
      timing,
    });
  }

  const until = (probe: () => boolean | undefined, what: string) =>
    eventually(
      async () => {
        if (!probe()) throw new Error(`still waiting for: ${what}`);
      },
      2_000,
      2,
    );

  /** Lets the dispatcher loops run what they can without the clock moving. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('publishes enqueued directives at once, in enqueue order per Space', async () => {
    outbox.start();
    const first = [factory.entry(POP, 'acme'), factory.entry(POP, 'globex')];
    const then = [factory.entry(POP, 'acme'), factory.entry(OTHER_POP, 'acme')];
    await outbox.enqueue(first);
    await outbox.enqueue(then);

    await until(() => relays.publishes.length === 4, 'four publishes');
    expect(relays.accepted(POP, 'acme')).toEqual([first[0]?.directiveId, then[0]?.directiveId]);
    expect(relays.accepted(POP, 'globex')).toEqual([first[1]?.directiveId]);
    expect(relays.accepted(OTHER_POP)).toEqual([then[1]?.directiveId]);
    expect((await outbox.pendingFor('acme')).map((p) => p.state)).toEqual([
      'at-relay',
      'at-relay',
      'at-relay',
    ]);
  });

  it('sends the heads of many Spaces in a few batches, a Space with more in later batches in order', async () => {
    await outbox.stop();
    outbox = new DirectiveOutbox({
      store,
      gateway: relays,
      logger: logs.logger,
      sweepIntervalMs: SWEEP_MS,
      batchSize: 4,
      batchConcurrency: 1,
      timing,
    });
    const singles = Array.from({ length: 7 }, (_, index) => factory.entry(POP, `space-${index}`));
    const chain = [
      factory.entry(POP, 'acme'),
      factory.entry(POP, 'acme'),
      factory.entry(POP, 'acme'),
    ];
    await outbox.enqueue([...singles, ...chain]);
    outbox.start();

    await until(() => relays.accepted(POP).length === 10, 'ten publishes');
    // 8 heads in batches of 4, then acme's second and third head, one batch each.
    expect(relays.batchSizes).toEqual([4, 4, 1, 1]);
    expect(relays.accepted(POP, 'acme')).toEqual(chain.map((entry) => entry.directiveId));
    expect(relays.publishes.every((seen) => seen.answer === 'accepted')).toBe(true);
  });

  it('counts one relay backoff step for a batch call that fails, and a failure on every head', async () => {
    const entries = ['acme', 'globex', 'initech'].map((space) => factory.entry(POP, space));
    relays.failWith(POP, () => new UnavailableError('relay of aws-us-east-1: connection refused'));
    outbox.start();
    await outbox.enqueue(entries);
    await until(() => timing.sleeps.includes(75), 'the first backoff wait (75 ms)');
    expect(relays.batchSizes).toEqual([3]);
    expect((await outbox.pendingFor('acme'))[0]).toMatchObject({ state: 'queued', attempts: 1 });
    expect((await outbox.pendingFor('initech'))[0]).toMatchObject({ state: 'queued', attempts: 1 });

    timing.advance(75);
    await until(() => relays.batchSizes.length === 2, 'the second try');
    await until(() => timing.sleeps.includes(150), 'the second backoff wait (150 ms)');
    expect(timing.sleeps).not.toContain(300);
    relays.heal(POP);
    timing.advance(150);
    await until(() => relays.accepted(POP).length === 3, 'delivered after the outage');
  });

  it('publishes a directive enqueued twice once', async () => {
    outbox.start();
    const entry = factory.entry(POP, 'acme');
    await outbox.enqueue([entry]);
    await outbox.enqueue([entry]);
    await until(() => relays.publishes.length === 1, 'one publish');
    await settle();

    expect(relays.publishes).toHaveLength(1);
    expect(await outbox.pendingFor('acme')).toHaveLength(1);
  });

  it('holds back a Space behind its failing head, not the other Spaces of the PoP', async () => {
    const blocked = [factory.entry(POP, 'acme'), factory.entry(POP, 'acme')];
    const free = factory.entry(POP, 'globex');
    relays.failWith(POP, (space) =>
      space === 'acme' ? new ResourceExhaustedError('backlog of acme is full') : undefined,
    );
    outbox.start();
    await outbox.enqueue([...blocked, free]);

    await until(() => relays.accepted(POP, 'globex').length === 1, 'globex delivered');
    await settle();
    expect(relays.publishes.filter((seen) => seen.space === 'acme')).toHaveLength(1);
    expect(await outbox.pendingFor('acme')).toMatchObject([
      { directiveId: blocked[0]?.directiveId, state: 'queued', attempts: 1 },
      { directiveId: blocked[1]?.directiveId, state: 'queued', attempts: 0 },
    ]);
    expect((await outbox.pendingFor('acme'))[0]?.lastError).toMatch(/backlog of acme is full/);

    relays.heal(POP);
    timing.advance(MAX_MS);
    await until(() => relays.accepted(POP, 'acme').length === 2, 'acme delivered');
    expect(relays.accepted(POP, 'acme')).toEqual(blocked.map((entry) => entry.directiveId));
  });

  it('backs off an unreachable relay with growing, jittered delays and keeps the directives', async () => {
    const entries = [factory.entry(POP, 'acme'), factory.entry(POP, 'acme')];
    const elsewhere = factory.entry(OTHER_POP, 'acme');
    relays.failWith(POP, () => new UnavailableError('relay of aws-us-east-1: connection refused'));
    outbox.start();
    await outbox.enqueue([...entries, elsewhere]);
    await until(() => relays.accepted(OTHER_POP).length === 1, 'the other PoP delivered');

    // Random fixed at 0.5: each delay is 3/4 of a cap that doubles from 100 ms up to 1.6 s.
    const expected = [75, 150, 300, 600, 1_200, 1_200];
    for (const [attempt, delay] of expected.entries()) {
      await until(() => failedPublishes() === attempt + 1, `attempt ${attempt + 1}`);
      await until(() => timing.sleeps.includes(delay), `a wait of ${delay} ms`);
      timing.advance(delay);
    }
    await until(() => failedPublishes() === expected.length + 1, 'the last attempt');
    expect(await outbox.pendingFor('acme')).toMatchObject([
      { directiveId: entries[0]?.directiveId, pop: POP, state: 'queued', attempts: 7 },
      { directiveId: entries[1]?.directiveId, pop: POP, state: 'queued', attempts: 0 },
      { directiveId: elsewhere.directiveId, pop: OTHER_POP, state: 'at-relay', attempts: 1 },
    ]);
    const warnings = logs
      .lines()
      .filter((line) => line['msg'] === 'relay unreachable; directives wait in the outbox');
    expect(warnings).toHaveLength(1);

    relays.heal(POP);
    timing.advance(MAX_MS);
    await until(() => relays.accepted(POP).length === 2, 'delivered after the outage');
    expect(relays.accepted(POP)).toEqual(entries.map((entry) => entry.directiveId));
  });

  it('keeps a refused directive at the head, marked with the reason, and never skips it', async () => {
    const [refused, later] = [factory.entry(POP, 'acme'), factory.entry(POP, 'acme')];
    const other = factory.entry(POP, 'globex');
    relays.failWith(POP, (_space, id) =>
      id === refused.directiveId
        ? new InvalidArgumentError('directive', 'directive.signature: expected 64 bytes')
        : undefined,
    );
    outbox.start();
    await outbox.enqueue([refused, later, other]);
    await until(() => relays.accepted(POP, 'globex').length === 1, 'globex delivered');

    expect(await outbox.pendingFor('acme')).toMatchObject([
      { directiveId: refused.directiveId, state: 'refused', attempts: 1 },
      { directiveId: later.directiveId, state: 'queued', attempts: 0 },
    ]);
    expect((await outbox.pendingFor('acme'))[0]?.lastError).toMatch(/expected 64 bytes/);
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ level: 'error', directiveId: refused.directiveId }),
    );

    // Tried again at the longest delay; still refused, still blocking.
    timing.advance(MAX_MS);
    await until(() => relays.publishes.length === 3, 'a second try');
    await settle();
    expect(relays.accepted(POP, 'acme')).toEqual([]);

    // A refusal that goes away (a relay fixed) lets the queue move on, in order.
    relays.heal(POP);
    timing.advance(MAX_MS);
    await until(() => relays.accepted(POP, 'acme').length === 2, 'acme delivered');
    expect(relays.accepted(POP, 'acme')).toEqual([refused.directiveId, later.directiveId]);
  });

  it('sends what a previous process left in the store when it starts', async () => {
    const left = [factory.entry(POP, 'acme'), factory.entry(OTHER_POP, 'globex')];
    await outbox.enqueue(left);
    expect(relays.publishes).toEqual([]);

    outbox.start();
    await until(() => relays.publishes.length === 2, 'both delivered');
  });

  it('sends entries without a kick (another process enqueued them) on the next sweep', async () => {
    outbox.start();
    await outbox.enqueue([factory.entry(POP, 'acme')]);
    await until(() => relays.publishes.length === 1, 'first delivered');
    const unannounced = factory.entry(POP, 'acme');
    await store.add([unannounced]);
    await settle();
    expect(relays.publishes).toHaveLength(1);

    timing.advance(SWEEP_MS);
    await until(() => relays.accepted(POP).includes(unannounced.directiveId), 'swept');
  });

  it('forgets directives the agent acknowledged, asking only about Spaces with directives at the relay', async () => {
    outbox.start();
    const acme = [factory.entry(POP, 'acme'), factory.entry(POP, 'acme')];
    await outbox.enqueue([...acme, factory.entry(POP, 'globex')]);
    await until(() => relays.publishes.length === 3, 'all delivered');
    relays.acknowledge(POP, 'acme', { lastAcknowledgedId: acme[0]?.directiveId ?? '', backlog: 1 });
    relays.acknowledge(POP, 'globex', { lastAcknowledgedId: 'from-someone-else', backlog: 0 });

    timing.advance(ACK_POLL_MS);
    await until(() => relays.statusCalls.some((call) => call.spaces.length === 2), 'a status poll');
    await settle();
    expect((await outbox.pendingFor('acme')).map((p) => p.directiveId)).toEqual([
      acme[1]?.directiveId,
    ]);
    expect(await outbox.pendingFor('globex')).toEqual([]);

    relays.acknowledge(POP, 'acme', { lastAcknowledgedId: acme[1]?.directiveId ?? '', backlog: 0 });
    relays.statusCalls = [];
    timing.advance(ACK_POLL_MS);
    await until(() => relays.statusCalls.length > 0, 'another status poll');
    expect(relays.statusCalls[0]).toEqual({ pop: POP, spaces: ['acme'] });
    await settle();
    expect(await outbox.pendingFor('acme')).toEqual([]);
  });

  it('refuses entries whose payload is not the directive they claim to be, storing nothing', async () => {
    const entry = factory.entry(POP, 'acme');
    const mislabelled = { ...factory.entry(POP, 'acme'), space: 'globex' };

    await expect(outbox.enqueue([entry, mislabelled])).rejects.toThrow(
      new InvalidArgumentError(
        'entries[1].signed.payload',
        `carries directive "${mislabelled.directiveId}" for space "acme", not "${mislabelled.directiveId}" for "globex"`,
      ),
    );
    expect(await outbox.pendingFor('acme')).toEqual([]);
  });

  it('passes a storage outage to the caller of enqueue', async () => {
    store.failure = new UnavailableError(
      'outbox redis: cannot enqueue directives: connection refused',
    );

    await expect(outbox.enqueue([factory.entry(POP, 'acme')])).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });

  function failedPublishes(): number {
    return relays.publishes.filter((seen) => seen.pop === POP && seen.answer instanceof Error)
      .length;
  }
});
