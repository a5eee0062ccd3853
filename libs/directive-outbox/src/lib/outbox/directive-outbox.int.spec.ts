import { createLogger } from '@platform/platform-kit';
import { eventually } from '@platform/testing';
import type { Redis } from 'ioredis';
import { GrpcRelayGateway } from '../relay-gateway/grpc-relay.gateway';
import {
  startRelayProcessFixture,
  TEST_POP,
  type RelayProcessFixture,
} from '../relay-gateway/test/relay-process.fixture';
import { subscribeAsSpace } from '../relay-gateway/test/space-subscription';
import { DirectiveOutbox } from './directive-outbox';
import type { OutboxEntry } from './outbox-entry';
import { createOutboxRedis, RedisOutboxStore } from './redis-outbox.store';
import { createOutboxEntryFactory, type OutboxEntryFactory } from './test/outbox-entries';

const logger = createLogger('control-plane', 'silent');

/** The outbox against a real pop-relay process, both on a real redis-server, over mutual TLS. */
describe(`${DirectiveOutbox.name} with a real relay`, () => {
  let fixture: RelayProcessFixture;
  let factory: OutboxEntryFactory;
  let gateway: GrpcRelayGateway;
  let connection: Redis;
  const running: DirectiveOutbox[] = [];

  beforeAll(async () => {
    [fixture, factory] = await Promise.all([
      startRelayProcessFixture(),
      createOutboxEntryFactory(),
    ]);
    gateway = new GrpcRelayGateway({
      relays: { [TEST_POP]: fixture.relayAddress },
      tls: fixture.centralTls,
      callDeadlineMs: 2_000,
    });
    connection = createOutboxRedis(fixture.redis.url, logger);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((outbox) => outbox.stop()));
  });

  afterAll(async () => {
    gateway?.close();
    connection?.disconnect();
    await fixture?.stop();
  });

  /** A new outbox process over the same Redis keys (what a restart of the control plane gets). */
  function outboxProcess(): DirectiveOutbox {
    const outbox = new DirectiveOutbox({
      store: new RedisOutboxStore(connection, { keyPrefix: 'cp:outbox:' }),
      gateway,
      logger,
      initialRetryDelayMs: 50,
      maxRetryDelayMs: 500,
      sweepIntervalMs: 1_000,
      acknowledgementPollIntervalMs: 200,
    });
    running.push(outbox);
    return outbox;
  }

  const ids = (entries: OutboxEntry[]) => entries.map((entry) => entry.directiveId);

  it('gets enqueued directives to the relay, in order, once each', async () => {
    const outbox = outboxProcess();
    outbox.start();
    const entries = [1, 2, 3].map(() => factory.entry(TEST_POP, 'acme'));

    await outbox.enqueue(entries.slice(0, 2));
    await outbox.enqueue(entries.slice(1));
    await outbox.enqueue([entries[0] as OutboxEntry]);

    const subscription = subscribeAsSpace(await fixture.spaceClient('acme'), 'acme');
    expect(await subscription.waitFor(3)).toEqual(ids(entries));
    await eventually(async () =>
      expect((await outbox.pendingFor('acme')).map((p) => p.state)).toEqual([
        'at-relay',
        'at-relay',
        'at-relay',
      ]),
    );
    const status = await fixture.deliveryStatus('acme');
    expect(status).toMatchObject({ backlog: 3, lastPublishedId: entries[2]?.directiveId });
    expect(subscription.received).toEqual(ids(entries));
    subscription.close();
  });

  it('keeps directives while the relay is down and delivers them once, in order, when it is back', async () => {
    const outbox = outboxProcess();
    outbox.start();
    await fixture.stopRelay();
    const entries = [1, 2, 3].map(() => factory.entry(TEST_POP, 'globex'));
    try {
      for (const entry of entries) await outbox.enqueue([entry]);
      await eventually(async () => {
        const pending = await outbox.pendingFor('globex');
        expect(pending.map((p) => p.state)).toEqual(['queued', 'queued', 'queued']);
        expect(pending[0]?.attempts).toBeGreaterThan(1);
        expect(pending[0]?.lastError).toMatch(/relay of PoP "aws-us-east-1"/);
      });
    } finally {
      await fixture.startRelay();
    }

    const subscription = subscribeAsSpace(await fixture.spaceClient('globex'), 'globex');
    expect(await subscription.waitFor(3)).toEqual(ids(entries));
    await eventually(async () => expect((await fixture.deliveryStatus('globex'))?.backlog).toBe(3));
    expect(subscription.received).toEqual(ids(entries));
    subscription.close();
  });

  it('sends what an earlier outbox process left queued once a new one starts', async () => {
    const before = outboxProcess();
    const entries = [factory.entry(TEST_POP, 'initech'), factory.entry(TEST_POP, 'initech')];
    await before.enqueue(entries);
    // The first process ends before it sent anything (it never started dispatching).
    await before.stop();

    const after = outboxProcess();
    after.start();

    const subscription = subscribeAsSpace(await fixture.spaceClient('initech'), 'initech');
    expect(await subscription.waitFor(2)).toEqual(ids(entries));
    subscription.close();
  });

  it("shows a directive as pending until the Space's agent acknowledges it", async () => {
    const outbox = outboxProcess();
    outbox.start();
    const entries = [factory.entry(TEST_POP, 'umbrella'), factory.entry(TEST_POP, 'umbrella')];
    await outbox.enqueue(entries);
    const subscription = subscribeAsSpace(await fixture.spaceClient('umbrella'), 'umbrella');
    await subscription.waitFor(2);

    await subscription.acknowledge(entries[0]?.directiveId ?? '');
    await eventually(async () =>
      expect((await outbox.pendingFor('umbrella')).map((p) => p.directiveId)).toEqual([
        entries[1]?.directiveId,
      ]),
    );

    await subscription.acknowledge(entries[1]?.directiveId ?? '');
    await eventually(async () => expect(await outbox.pendingFor('umbrella')).toEqual([]));
    subscription.close();
  });
});
