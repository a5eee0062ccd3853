import { status as GrpcStatus } from '@grpc/grpc-js';
import { relayV1alpha1 } from '@platform/contracts';
import { firstValueFrom } from 'rxjs';
import { newDirectiveId, signedDirective } from '../test/directives';
import { startRelayFixture, type RelayFixture } from '../test/relay-fixture';
import { openSubscription, type SubscriptionProbe } from '../test/subscription-probe';

const { PublishStatus } = relayV1alpha1;
const BACKLOG_LIMIT = 3;

describe('PublishBatch (RelayService over mutual TLS, real Redis)', () => {
  let fixture: RelayFixture;
  let spaceCount = 0;
  const probes: SubscriptionProbe[] = [];

  beforeAll(async () => {
    fixture = await startRelayFixture({ backlogLimit: BACKLOG_LIMIT });
  });
  afterEach(() => {
    for (const probe of probes.splice(0)) probe.cancel();
  });
  afterAll(() => fixture.stop());

  const newSpace = () => `batch-space-${++spaceCount}`;
  const central = () => fixture.client(fixture.pki.central('release-orchestrator'));

  async function publishBatch(directives: relayV1alpha1.PublishBatchRequest['directives']) {
    return (await firstValueFrom((await central()).publishBatch({ directives }))).results;
  }

  async function received(space: string, count: number): Promise<string[]> {
    const probe = openSubscription(await fixture.client(fixture.pki.space(space)), {
      space,
      resumeAfter: '',
    });
    probes.push(probe);
    return probe.waitFor(count);
  }

  it('stores directives of many Spaces with a result each, in order, and answers a repeat as duplicate', async () => {
    const [a, b] = [newSpace(), newSpace()];
    const ids = [newDirectiveId(), newDirectiveId(), newDirectiveId()];
    const batch = [
      signedDirective({ id: ids[0], space: a }),
      signedDirective({ id: ids[1], space: b }),
      signedDirective({ id: ids[2], space: a }),
    ];

    const results = await publishBatch(batch);

    expect(results.map((result) => result.status)).toEqual([
      PublishStatus.PUBLISH_STATUS_STORED,
      PublishStatus.PUBLISH_STATUS_STORED,
      PublishStatus.PUBLISH_STATUS_STORED,
    ]);
    expect(results.every((result) => result.deliveryId !== '' && result.error === '')).toBe(true);
    await expect(received(a, 2)).resolves.toEqual([ids[0], ids[2]]);
    await expect(received(b, 1)).resolves.toEqual([ids[1]]);

    const again = await publishBatch(batch);
    expect(again.map((result) => [result.status, result.deliveryId])).toEqual(
      results.map((result) => [PublishStatus.PUBLISH_STATUS_DUPLICATE, result.deliveryId]),
    );
  });

  it("stops a Space at its first refused directive (full backlog, malformed) and leaves other Spaces' alone", async () => {
    const [full, broken, fine] = [newSpace(), newSpace(), newSpace()];
    const fullIds = Array.from({ length: BACKLOG_LIMIT + 2 }, () => newDirectiveId());
    const brokenIds = [newDirectiveId(), newDirectiveId(), newDirectiveId()];
    const fineId = newDirectiveId();
    const batch = [
      ...fullIds.map((id) => signedDirective({ id, space: full })),
      signedDirective({ id: brokenIds[0], space: broken }),
      { ...signedDirective({ id: brokenIds[1], space: broken }), signature: Buffer.alloc(3) },
      signedDirective({ id: brokenIds[2], space: broken }),
      { payload: Buffer.from('not a directive'), signature: Buffer.alloc(64), keyId: 'k' },
      signedDirective({ id: fineId, space: fine }),
    ];

    const results = await publishBatch(batch);

    const { STORED, BACKLOG_FULL, INVALID, SKIPPED } = {
      STORED: PublishStatus.PUBLISH_STATUS_STORED,
      BACKLOG_FULL: PublishStatus.PUBLISH_STATUS_BACKLOG_FULL,
      INVALID: PublishStatus.PUBLISH_STATUS_INVALID,
      SKIPPED: PublishStatus.PUBLISH_STATUS_SKIPPED,
    };
    expect(results.map((result) => result.status)).toEqual([
      STORED,
      STORED,
      STORED,
      BACKLOG_FULL,
      SKIPPED,
      STORED,
      INVALID,
      SKIPPED,
      INVALID,
      STORED,
    ]);
    expect(results[3].error).toContain(`limit ${BACKLOG_LIMIT}`);
    expect(results[6].error).toContain('directive.signature');
    expect(results[8].error).toContain('directive.payload');
    await expect(received(full, BACKLOG_LIMIT)).resolves.toEqual(fullIds.slice(0, BACKLOG_LIMIT));
    await expect(received(broken, 1)).resolves.toEqual([brokenIds[0]]);
    await expect(received(fine, 1)).resolves.toEqual([fineId]);
  });

  it('lets only Central publish, and refuses an empty or oversized batch', async () => {
    const space = newSpace();
    const directives = [signedDirective({ id: newDirectiveId(), space })];
    const agent = await fixture.client(fixture.pki.space(space));
    await expect(firstValueFrom(agent.publishBatch({ directives }))).rejects.toMatchObject({
      code: GrpcStatus.PERMISSION_DENIED,
    });
    await expect(publishBatch([])).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
    const tooMany = Array.from({ length: 501 }, () =>
      signedDirective({ id: newDirectiveId(), space }),
    );
    await expect(publishBatch(tooMany)).rejects.toMatchObject({
      code: GrpcStatus.INVALID_ARGUMENT,
      details: expect.stringContaining('at most 500'),
    });
  });
});
