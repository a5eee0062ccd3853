import { status as GrpcStatus } from '@grpc/grpc-js';
import { directiveV1alpha1, relayV1alpha1 } from '@platform/contracts';
import { eventually } from '@platform/testing';
import { firstValueFrom } from 'rxjs';
import { newDirectiveId, signedDirective } from '../test/directives';
import { startRelayFixture, type RelayFixture } from '../test/relay-fixture';
import { openSubscription, stateAfter, type SubscriptionProbe } from '../test/subscription-probe';

const { AckOutcome, RejectReason } = relayV1alpha1;
const BACKLOG_LIMIT = 5;

describe('the PoP relay (RelayService over mutual TLS, real Redis)', () => {
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

  /** Each test gets Spaces of its own on the shared relay. */
  const newSpace = () => `space-${++spaceCount}`;
  const central = () => fixture.client(fixture.pki.central('control-plane'));
  const agentOf = (space: string) => fixture.client(fixture.pki.space(space));
  const operator = () => fixture.client(fixture.pki.operator('alice'));

  async function publish(space: string, id = newDirectiveId()) {
    const response = await firstValueFrom(
      (await central()).publish({ directive: signedDirective({ id, space }) }),
    );
    return { id, ...response };
  }

  async function publishAll(space: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) ids.push((await publish(space)).id);
    return ids;
  }

  async function subscribe(space: string, resumeAfter = '') {
    const probe = openSubscription(await agentOf(space), { space, resumeAfter });
    probes.push(probe);
    return probe;
  }

  async function acknowledge(
    space: string,
    directiveId: string,
    outcome: relayV1alpha1.AckOutcome = AckOutcome.ACK_OUTCOME_APPLIED,
    rejectReason: relayV1alpha1.RejectReason = RejectReason.REJECT_REASON_UNSPECIFIED,
  ) {
    return firstValueFrom(
      (await agentOf(space)).acknowledge({ directiveId, outcome, rejectReason }),
    );
  }

  async function statusOf(space: string) {
    const response = await firstValueFrom(
      (await central()).getDeliveryStatus({ space, pageSize: 0, pageToken: '' }),
    );
    return response.spaces[0];
  }

  describe('delivery', () => {
    it('streams the backlog to the Space agent in publish order, then new directives as they arrive', async () => {
      const space = newSpace();
      const published = await publishAll(space, 3);

      const probe = await subscribe(space);

      await expect(probe.waitFor(3)).resolves.toEqual(published);
      const later = await publishAll(space, 2);
      await expect(probe.waitFor(5)).resolves.toEqual([...published, ...later]);
      const deliveryIds = probe.deliveries.map((delivery) => delivery.deliveryId);
      expect([...deliveryIds].sort(compareStreamIds)).toEqual(deliveryIds);
    });

    it('forwards the directive byte for byte, as Central signed it, with its id', async () => {
      const space = newSpace();
      const id = newDirectiveId();
      const directive = signedDirective({ id, space });
      const { deliveryId } = await firstValueFrom(
        (await central()).publish({ directive: { ...directive, keyId: 'central-2025-11' } }),
      );

      const probe = await subscribe(space);
      await probe.waitFor(1);

      expect(probe.deliveries[0]).toEqual({
        deliveryId,
        directiveId: id,
        directive: {
          payload: Buffer.from(directive.payload),
          signature: Buffer.from(directive.signature),
          keyId: 'central-2025-11',
        },
      });
    });

    it('resumes after the last processed directive and replays only what follows it', async () => {
      const space = newSpace();
      const [first, second, third, fourth] = await publishAll(space, 4);

      const resumed = await subscribe(space, second);
      await expect(resumed.waitFor(2)).resolves.toEqual([third, fourth]);
      resumed.cancel();

      const fromUnknown = await subscribe(space, 'never-published');
      await expect(fromUnknown.waitFor(4)).resolves.toEqual([first, second, third, fourth]);
    });

    it('trims acknowledged directives and redelivers only unacknowledged ones to the next subscription', async () => {
      const space = newSpace();
      const [first, second, third] = await publishAll(space, 3);
      const probe = await subscribe(space);
      await probe.waitFor(3);

      await acknowledge(space, first);
      await acknowledge(space, second, AckOutcome.ACK_OUTCOME_DUPLICATE);
      probe.cancel();

      const next = await subscribe(space);
      await expect(next.waitFor(1)).resolves.toEqual([third]);
      expect(await stateAfter(next, 300)).toBe('open');
      expect(next.directiveIds()).toEqual([third]);
      await expect(statusOf(space)).resolves.toMatchObject({
        backlog: 1,
        lastPublishedId: third,
        lastAcknowledgedId: second,
        lastOutcome: AckOutcome.ACK_OUTCOME_DUPLICATE,
      });
    });

    it('treats an acknowledgement as covering every earlier directive, and a repeat as a no-op', async () => {
      const space = newSpace();
      const [, second, third] = await publishAll(space, 3);

      await acknowledge(
        space,
        second,
        AckOutcome.ACK_OUTCOME_REJECTED,
        RejectReason.REJECT_REASON_BAD_SIGNATURE,
      );
      await expect(acknowledge(space, second)).resolves.toEqual({});

      await expect(statusOf(space)).resolves.toMatchObject({
        backlog: 1,
        lastAcknowledgedId: second,
        lastOutcome: AckOutcome.ACK_OUTCOME_REJECTED,
        lastRejectReason: RejectReason.REJECT_REASON_BAD_SIGNATURE,
      });
      const probe = await subscribe(space);
      await expect(probe.waitFor(1)).resolves.toEqual([third]);
    });

    it('ends the previous stream with ABORTED when the Space subscribes again', async () => {
      const space = newSpace();
      const [first] = await publishAll(space, 1);
      const older = await subscribe(space);
      await older.waitFor(1);

      const newer = await subscribe(space);

      await expect(older.ended).resolves.toMatchObject({ code: GrpcStatus.ABORTED });
      await expect(newer.waitFor(1)).resolves.toEqual([first]);
      const [second] = await publishAll(space, 1);
      await expect(newer.waitFor(2)).resolves.toEqual([first, second]);
      expect(older.directiveIds()).toEqual([first]);
    });

    it('returns the first delivery id for a directive published twice, and delivers it once', async () => {
      const space = newSpace();
      const first = await publish(space, 'dup-1');

      const again = await publish(space, 'dup-1');

      expect(again).toEqual({ id: 'dup-1', deliveryId: first.deliveryId, duplicate: true });
      expect(first.duplicate).toBe(false);
      const probe = await subscribe(space);
      await probe.waitFor(1);
      expect(await stateAfter(probe, 300)).toBe('open');
      expect(probe.directiveIds()).toEqual(['dup-1']);

      await acknowledge(space, 'dup-1');
      await expect(publish(space, 'dup-1')).resolves.toMatchObject({
        deliveryId: first.deliveryId,
        duplicate: true,
      });
      await expect(statusOf(space)).resolves.toMatchObject({ backlog: 0 });
    });

    it('refuses a directive with RESOURCE_EXHAUSTED when the backlog is full, and stores nothing', async () => {
      const space = newSpace();
      const stored = await publishAll(space, BACKLOG_LIMIT);

      await expect(publish(space, 'one-too-many')).rejects.toMatchObject({
        code: GrpcStatus.RESOURCE_EXHAUSTED,
        details: expect.stringContaining(`limit ${BACKLOG_LIMIT}`),
      });

      const probe = await subscribe(space);
      await probe.waitFor(BACKLOG_LIMIT);
      expect(await stateAfter(probe, 300)).toBe('open');
      expect(probe.directiveIds()).toEqual(stored);
      await expect(statusOf(space)).resolves.toMatchObject({
        backlog: BACKLOG_LIMIT,
        backlogLimit: BACKLOG_LIMIT,
        lastPublishedId: stored[BACKLOG_LIMIT - 1],
      });
      // Room again once the agent acknowledges.
      await acknowledge(space, stored[0]);
      await expect(publish(space, 'one-too-many')).resolves.toMatchObject({ duplicate: false });
    });
  });

  describe('several relay replicas of one PoP', () => {
    it('delivers through the replica that holds the stream, and a new subscription on another replica ends the old one', async () => {
      const space = newSpace();
      const replica = await fixture.startReplica();
      const onReplica = openSubscription(
        await fixture.client(fixture.pki.space(space), replica.address),
        {
          space,
        },
      );
      probes.push(onReplica);
      await eventually(async () => {
        if (!(await statusOf(space)).connected) throw new Error('not connected yet');
      });

      const [first] = await publishAll(space, 1);
      await expect(onReplica.waitFor(1)).resolves.toEqual([first]);

      const onPrimary = await subscribe(space);
      await expect(onReplica.ended).resolves.toMatchObject({ code: GrpcStatus.ABORTED });
      await expect(onPrimary.waitFor(1)).resolves.toEqual([first]);
    });
  });

  describe('identities', () => {
    it('lets only Central publish', async () => {
      const space = newSpace();
      const directive = signedDirective({ id: newDirectiveId(), space });

      for (const client of [await agentOf(space), await operator()]) {
        await expect(firstValueFrom(client.publish({ directive }))).rejects.toMatchObject({
          code: GrpcStatus.PERMISSION_DENIED,
        });
      }
      await expect(statusOfAny(space)).rejects.toMatchObject({ code: GrpcStatus.NOT_FOUND });
    });

    it('lets an agent subscribe to its own Space only', async () => {
      const space = newSpace();
      const other = newSpace();
      await publishAll(space, 1);

      const intruder = openSubscription(await agentOf(other), { space });
      const centralProbe = openSubscription(await central(), { space });
      probes.push(intruder, centralProbe);

      await expect(intruder.ended).resolves.toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
      await expect(centralProbe.ended).resolves.toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
      });
      expect(intruder.deliveries).toEqual([]);
    });

    it("does not let an agent acknowledge another Space's directive", async () => {
      const space = newSpace();
      const other = newSpace();
      const [directiveId] = await publishAll(space, 1);

      await expect(acknowledge(other, directiveId)).rejects.toMatchObject({
        code: GrpcStatus.NOT_FOUND,
      });
      await expect(
        firstValueFrom(
          (await central()).acknowledge({
            directiveId,
            outcome: AckOutcome.ACK_OUTCOME_APPLIED,
            rejectReason: RejectReason.REJECT_REASON_UNSPECIFIED,
          }),
        ),
      ).rejects.toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
      await expect(statusOf(space)).resolves.toMatchObject({ backlog: 1, lastAcknowledgedId: '' });
    });

    it('shows delivery status to Central and operators, not to Spaces', async () => {
      const space = newSpace();
      await publishAll(space, 1);
      const request = { space, pageSize: 0, pageToken: '' };

      await expect(
        firstValueFrom((await operator()).getDeliveryStatus(request)),
      ).resolves.toMatchObject({ spaces: [{ space, backlog: 1 }] });
      await expect(
        firstValueFrom((await agentOf(space)).getDeliveryStatus(request)),
      ).rejects.toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
    });
  });

  describe('malformed input', () => {
    const payloadOf = (body: Partial<directiveV1alpha1.DirectiveBody>) =>
      directiveV1alpha1.DirectiveBody.encode({
        id: 'x',
        space: 'acme',
        gitCommit: '',
        emergency: false,
        ...body,
      }).finish();

    it.each([
      [
        'a payload that is not a DirectiveBody',
        { payload: Buffer.from('not a protobuf') },
        'directive.payload:',
      ],
      ['an empty directive id', { payload: payloadOf({ id: '' }) }, 'directive.payload.id:'],
      [
        'a directive without a Space',
        { payload: payloadOf({ space: '' }) },
        'directive.payload.space:',
      ],
      [
        'a payload over 64 KiB',
        { payload: payloadOf({ freeze: { reason: 'x'.repeat(64 * 1024) } }) },
        'directive.payload:',
      ],
      ['a signature that is not 64 bytes', { signature: Buffer.alloc(10) }, 'directive.signature:'],
      ['an empty key id', { keyId: '' }, 'directive.key_id:'],
    ])('refuses %s with INVALID_ARGUMENT naming the field', async (_, override, field) => {
      const space = newSpace();
      const directive = { ...signedDirective({ id: newDirectiveId(), space }), ...override };

      await expect(firstValueFrom((await central()).publish({ directive }))).rejects.toMatchObject({
        code: GrpcStatus.INVALID_ARGUMENT,
        details: expect.stringContaining(field),
      });
    });

    it.each([
      [
        'an outcome the contract does not know',
        99,
        RejectReason.REJECT_REASON_UNSPECIFIED,
        'outcome:',
      ],
      [
        'no outcome',
        AckOutcome.ACK_OUTCOME_UNSPECIFIED,
        RejectReason.REJECT_REASON_UNSPECIFIED,
        'outcome:',
      ],
      [
        'REJECTED without a reason',
        AckOutcome.ACK_OUTCOME_REJECTED,
        RejectReason.REJECT_REASON_UNSPECIFIED,
        'reject_reason:',
      ],
      [
        'a reason on APPLIED',
        AckOutcome.ACK_OUTCOME_APPLIED,
        RejectReason.REJECT_REASON_SPACE_FROZEN,
        'reject_reason:',
      ],
    ])('refuses an acknowledgement with %s', async (_, outcome, rejectReason, field) => {
      const space = newSpace();
      const [directiveId] = await publishAll(space, 1);

      await expect(
        firstValueFrom(
          (await agentOf(space)).acknowledge({
            directiveId,
            outcome: outcome as relayV1alpha1.AckOutcome,
            rejectReason,
          }),
        ),
      ).rejects.toMatchObject({
        code: GrpcStatus.INVALID_ARGUMENT,
        details: expect.stringContaining(field),
      });
      await expect(statusOf(space)).resolves.toMatchObject({ backlog: 1 });
    });

    it('keeps serving other callers after refusing malformed calls', async () => {
      const space = newSpace();
      const garbage = {
        ...signedDirective({ id: 'g', space }),
        payload: Buffer.from([0xff, 0xff]),
      };
      await expect(
        firstValueFrom((await central()).publish({ directive: garbage })),
      ).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });

      const [directiveId] = await publishAll(space, 1);
      const probe = await subscribe(space);

      await expect(probe.waitFor(1)).resolves.toEqual([directiveId]);
    });
  });

  describe('delivery status', () => {
    it('reports backlog, the last ids, and whether the agent is connected', async () => {
      const space = newSpace();
      const [first, second] = await publishAll(space, 2);
      const initial = await statusOf(space);
      expect(initial).toMatchObject({
        space,
        backlog: 2,
        backlogLimit: BACKLOG_LIMIT,
        lastPublishedId: second,
        lastAcknowledgedId: '',
        lastOutcome: AckOutcome.ACK_OUTCOME_UNSPECIFIED,
        connected: false,
      });
      // proto-loader hands an unset message field to clients as null.
      expect(initial.lastSeen ?? undefined).toBeUndefined();

      const probe = await subscribe(space);
      await probe.waitFor(2);
      await acknowledge(space, first);

      const connected = await eventually(async () => {
        const status = await statusOf(space);
        if (!status.connected) throw new Error('not connected yet');
        return status;
      });
      expect(connected).toMatchObject({ backlog: 1, lastAcknowledgedId: first });
      expect(Number(connected.lastSeen?.seconds)).toBeGreaterThan(Date.now() / 1000 - 60);

      probe.cancel();
      await eventually(async () => {
        if ((await statusOf(space)).connected) throw new Error('still connected');
      });
    });

    it('pages through every Space of the PoP in name order', async () => {
      const response = await firstValueFrom(
        (await central()).getDeliveryStatus({ space: '', pageSize: 1000, pageToken: '' }),
      );
      const everySpace = response.spaces.map((status) => status.space);
      expect(everySpace.length).toBeGreaterThan(3);
      expect(response.nextPageToken).toBe('');

      const paged: string[] = [];
      let pageToken = '';
      do {
        const page = await firstValueFrom(
          (await central()).getDeliveryStatus({ space: '', pageSize: 3, pageToken }),
        );
        expect(page.spaces.length).toBeLessThanOrEqual(3);
        paged.push(...page.spaces.map((status) => status.space));
        pageToken = page.nextPageToken;
      } while (pageToken !== '');

      expect(paged).toEqual(everySpace);
      expect(everySpace).toEqual([...everySpace].sort());
    });

    it('answers NOT_FOUND for a Space it never saw and INVALID_ARGUMENT for a forged page token', async () => {
      await expect(statusOfAny('never-seen')).rejects.toMatchObject({
        code: GrpcStatus.NOT_FOUND,
      });
      await expect(
        firstValueFrom(
          (await central()).getDeliveryStatus({ space: '', pageSize: 0, pageToken: 'forged' }),
        ),
      ).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT, details: /page_token/ });
    });
  });

  async function statusOfAny(space: string) {
    return firstValueFrom(
      (await central()).getDeliveryStatus({ space, pageSize: 0, pageToken: '' }),
    );
  }
});

/** Orders Redis stream ids (`<ms>-<seq>`) numerically. */
function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt);
  const [bMs, bSeq] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq < bSeq ? -1 : aSeq > bSeq ? 1 : 0;
}
