import {
  FailedPreconditionError,
  InvalidArgumentError,
  PermissionDeniedError,
  UnavailableError,
} from '@platform/errors';
import { eventually } from '@platform/testing';
import { createOutboxEntryFactory, type OutboxEntryFactory } from '../outbox/test/outbox-entries';
import { GrpcRelayGateway } from './grpc-relay.gateway';
import {
  startRelayProcessFixture,
  TEST_POP,
  type RelayProcessFixture,
} from './test/relay-process.fixture';
import { subscribeAsSpace } from './test/space-subscription';

describe(GrpcRelayGateway.name, () => {
  let fixture: RelayProcessFixture;
  let factory: OutboxEntryFactory;
  let gateway: GrpcRelayGateway;

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
  });

  afterAll(async () => {
    gateway?.close();
    await fixture?.stop();
  });

  const relayBound = (space: string) => {
    const entry = factory.entry(TEST_POP, space);
    return { id: entry.directiveId, space, signed: entry.signed };
  };

  it('publishes a directive the Space then receives, and answers a second publish as a duplicate', async () => {
    const directive = relayBound('acme');
    const subscription = subscribeAsSpace(await fixture.spaceClient('acme'), 'acme');

    await expect(gateway.publish(TEST_POP, directive)).resolves.toBe('accepted');
    await expect(gateway.publish(TEST_POP, directive)).resolves.toBe('duplicate');

    expect(await subscription.waitFor(1)).toEqual([directive.id]);
    expect((await fixture.deliveryStatus('acme'))?.backlog).toBe(1);
    subscription.close();
  });

  it('publishes a batch larger than one call in order, with a result per directive', async () => {
    const spaces = Array.from({ length: 300 }, (_, index) => `batch-${index}`);
    const batch = spaces.map(relayBound);
    const malformed = relayBound('batch-bad');
    const followsMalformed = relayBound('batch-bad');
    batch.splice(260, 0, {
      ...malformed,
      signed: { ...malformed.signed, signature: new Uint8Array(3) },
    });
    batch.push(followsMalformed);

    const results = await gateway.publishBatch(TEST_POP, batch);

    expect(results).toHaveLength(302);
    expect(
      results.filter((result) => 'outcome' in result && result.outcome === 'accepted'),
    ).toHaveLength(300);
    expect((results[260] as { error: Error }).error).toBeInstanceOf(InvalidArgumentError);
    // The Space's later directive is not stored after its refused one.
    expect((results[301] as { error: Error }).error.message).toContain('was not stored');
    expect((await fixture.deliveryStatus('batch-299'))?.backlog).toBe(1);
    // NOT_FOUND: the relay holds nothing for that Space.
    await expect(fixture.deliveryStatus('batch-bad')).rejects.toMatchObject({ code: 5 });

    const again = await gateway.publishBatch(TEST_POP, batch.slice(0, 10));
    expect(again).toEqual(Array.from({ length: 10 }, () => ({ outcome: 'duplicate' })));
  });

  it('reports the last acknowledged id and backlog, and leaves out Spaces the relay never saw', async () => {
    const [first, second] = [relayBound('globex'), relayBound('globex')];
    await gateway.publish(TEST_POP, first);
    await gateway.publish(TEST_POP, second);
    const subscription = subscribeAsSpace(await fixture.spaceClient('globex'), 'globex');
    await subscription.waitFor(2);
    await subscription.acknowledge(first.id);

    const status = await gateway.deliveryStatus(TEST_POP, ['globex', 'never-published']);

    expect(status).toEqual(new Map([['globex', { lastAcknowledgedId: first.id, backlog: 1 }]]));
    subscription.close();
  });

  it("passes the relay's refusal of a malformed directive as InvalidArgumentError", async () => {
    const directive = relayBound('acme');
    const truncated = {
      ...directive,
      signed: { ...directive.signed, signature: new Uint8Array(3) },
    };

    await expect(gateway.publish(TEST_POP, truncated)).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('is refused with PermissionDeniedError when its certificate is not a Central identity', async () => {
    const spaceTls = await fixture.pki.issue(fixture.pki.space('acme'));
    const impostor = new GrpcRelayGateway({
      relays: { [TEST_POP]: fixture.relayAddress },
      tls: { caCertPem: spaceTls.ca, certPem: spaceTls.cert, keyPem: spaceTls.key },
    });
    try {
      await expect(impostor.publish(TEST_POP, relayBound('acme'))).rejects.toBeInstanceOf(
        PermissionDeniedError,
      );
    } finally {
      impostor.close();
    }
  });

  it('refuses a PoP it has no relay address for', async () => {
    await expect(gateway.publish('azure-eastus', relayBound('acme'))).rejects.toBeInstanceOf(
      FailedPreconditionError,
    );
  });

  it('fails with UnavailableError while the relay is down, and works again once it is back', async () => {
    await fixture.stopRelay();
    try {
      await expect(gateway.publish(TEST_POP, relayBound('acme'))).rejects.toBeInstanceOf(
        UnavailableError,
      );
      await expect(gateway.deliveryStatus(TEST_POP, ['acme'])).rejects.toBeInstanceOf(
        UnavailableError,
      );
    } finally {
      await fixture.startRelay();
    }
    // The channel may still sit in its reconnect backoff for a moment: callers retry (the outbox does).
    await eventually(() =>
      expect(gateway.publish(TEST_POP, relayBound('acme'))).resolves.toBe('accepted'),
    );
  });
});
