import { status as GrpcStatus } from '@grpc/grpc-js';
import { healthV1 } from '@platform/contracts';
import { checkHealth } from '@platform/platform-kit';
import { eventually } from '@platform/testing';
import { firstValueFrom } from 'rxjs';
import { newDirectiveId, signedDirective } from '../test/directives';
import { startRelayFixture, type RelayFixture } from '../test/relay-fixture';
import { openSubscription, stateAfter, type SubscriptionProbe } from '../test/subscription-probe';

/**
 * Redis runs with the append-only file and `appendfsync everysec`, as the relay expects in
 * production. A directive is in the AOF (written, not yet fsynced) before Publish returns, and
 * fsynced within about a second. So a crash of the Redis process alone (SIGKILL) normally loses
 * nothing, but a host crash or power loss can lose the last second of publishes (two if the disk
 * stalls an fsync, when Redis postpones the write). Closing that window takes
 * `appendfsync always`, at a cost in publish throughput. Central learns nothing was lost only
 * from the agent's acknowledgement, and republishing is safe: Publish is idempotent by id.
 */
describe('the PoP relay when Redis fails', () => {
  let fixture: RelayFixture;
  const probes: SubscriptionProbe[] = [];

  beforeAll(async () => {
    fixture = await startRelayFixture();
  });
  afterEach(() => {
    for (const probe of probes.splice(0)) probe.cancel();
  });
  afterAll(() => fixture.stop());

  const central = () => fixture.client(fixture.pki.central('control-plane'));

  async function publish(space: string) {
    const id = newDirectiveId();
    await firstValueFrom((await central()).publish({ directive: signedDirective({ id, space }) }));
    return id;
  }

  async function publishAll(space: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) ids.push(await publish(space));
    return ids;
  }

  async function subscribe(space: string): Promise<SubscriptionProbe> {
    const probe = openSubscription(await fixture.client(fixture.pki.space(space)), { space });
    probes.push(probe);
    return probe;
  }

  /** Subscribes until a stream delivers `count` directives (the relay may still be reconnecting). */
  async function receiveAll(space: string, count: number): Promise<string[]> {
    return eventually(
      async () => {
        const probe = await subscribe(space);
        try {
          return await probe.waitFor(count, 2_000);
        } finally {
          probe.cancel();
        }
      },
      15_000,
      200,
    );
  }

  it('answers UNAVAILABLE while Redis is down, keeps running, and catches up when it returns', async () => {
    const space = 'acme-outage';
    const before = await publishAll(space, 3);
    const probe = await subscribe(space);
    await probe.waitFor(3);
    // Past one everysec fsync, so what follows does not rest on the page cache.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    await fixture.redis.kill();

    const started = Date.now();
    await expect(publish(space)).rejects.toMatchObject({
      code: GrpcStatus.UNAVAILABLE,
      details: expect.stringContaining('redis'),
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    const operatorTls = await fixture.pki.issue(fixture.pki.operator('ops'));
    await expect(checkHealth(fixture.relay.address, operatorTls)).resolves.toBe(
      healthV1.HealthCheckResponse_ServingStatus.SERVING,
    );
    expect(await stateAfter(probe, 200)).toBe('open');

    await fixture.redis.restart();
    const after = await eventually(() => publish(space), 15_000, 200);

    await expect(probe.waitFor(4, 15_000)).resolves.toEqual([...before, after]);
    probe.cancel();
    await expect(receiveAll(space, 4)).resolves.toEqual([...before, after]);
  });

  it('keeps every published directive across a Redis restart', async () => {
    const space = 'acme-restart';
    const published = await publishAll(space, 3);

    // SIGTERM: Redis flushes and fsyncs the AOF before it exits.
    await fixture.redis.stop();
    await fixture.redis.restart();

    await expect(receiveAll(space, 3)).resolves.toEqual(published);
    const client = await central();
    const status = await eventually(() =>
      firstValueFrom(client.getDeliveryStatus({ space, pageSize: 0, pageToken: '' })),
    );
    expect(status.spaces[0]).toMatchObject({ backlog: 3, lastPublishedId: published[2] });
  });
});
