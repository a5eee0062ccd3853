import { commonV1alpha1 } from '@platform/contracts';
import { PermissionDeniedError } from '@platform/errors';
import { Redis } from 'ioredis';
import { parse } from 'yaml';
import {
  startInProcessOrchestrator,
  type InProcessOrchestrator,
} from '../../test/in-process-orchestrator';
import { ReleaseScheduler } from './release-scheduler';

const pinOf = (orchestrator: InProcessOrchestrator, space: string) =>
  (parse(orchestrator.fileAtHead(`platform/spaces/${space}.yaml`)) as { spec: { release: string } })
    .spec.release;

// globex: prod channel (2026.45.0), runs 2026.44.0, window Sunday 03:00 Europe/London (UTC in November).
describe(ReleaseScheduler.name, () => {
  let orchestrator: InProcessOrchestrator;

  beforeEach(async () => {
    orchestrator = await startInProcessOrchestrator('2026-11-29T02:59:00Z');
  });

  afterEach(async () => {
    await orchestrator.stop();
  });

  it('moves a Space one step in one commit when its window opens, and tells it through the outbox', async () => {
    const { scheduler } = orchestrator.replica('a');

    expect(await scheduler.tick()).toMatchObject({ leader: true, moved: 0 });
    orchestrator.clock.set('2026-11-29T03:00:30Z');
    const report = await scheduler.tick();

    expect(report).toMatchObject({ leader: true, moved: 1 });
    expect(orchestrator.subjects()[0]).toBe('Maintenance windows: 1 Space(s) move one release');
    expect(pinOf(orchestrator, 'globex')).toBe('2026.45.0');
    const pending = await orchestrator.outbox.pendingFor('globex');
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      pop: 'gcp-europe-west1',
      kind: commonV1alpha1.DirectiveKind.DIRECTIVE_KIND_ACCEPT_RELEASE,
      emergency: false,
    });
    expect(orchestrator.fileAtHead('orchestrator/schedule.yaml')).toContain(
      'windowsHandledUntil: 2026-11-29T03:00:30.000Z',
    );

    orchestrator.clock.set('2026-11-29T03:01:30Z');
    expect(await scheduler.tick()).toMatchObject({ moved: 0 });
    expect(orchestrator.subjects()[0]).toBe('Maintenance windows: 1 Space(s) move one release');
  });

  it('lets only the lease holder tick, and refuses a commit from a holder whose token is older', async () => {
    const first = orchestrator.replica('first');
    const second = orchestrator.replica('second');

    expect(await first.scheduler.tick()).toMatchObject({ leader: true });
    expect(await second.scheduler.tick()).toEqual({ leader: false, moved: 0 });

    // The first holder stalls past its lease; the second takes over with a newer token.
    const staleToken = (await first.lease.acquire()) as number;
    await deleteLease(orchestrator);
    orchestrator.clock.set('2026-11-29T03:00:30Z');
    expect(await second.scheduler.tick()).toMatchObject({ leader: true, moved: 1 });

    // The stalled holder wakes up believing it still holds the lease: the tree's token stops it.
    orchestrator.clock.set('2026-11-29T03:02:00Z');
    await expect(
      first.service.windowTick(
        { actor: 'stale', requestId: 'stale-tick' },
        new Date('2026-11-29T02:59:00Z'),
        new Date('2026-11-29T03:02:00Z'),
        { token: staleToken, assertHeld: async () => undefined },
      ),
    ).rejects.toThrow(PermissionDeniedError);
    expect(orchestrator.subjects().filter((s) => s.startsWith('Maintenance windows'))).toHaveLength(
      1,
    );
  });

  it('catches a Space up one release per window, never skipping, while trains move its channel', async () => {
    const { scheduler, service } = orchestrator.replica('a');
    const actor = { actor: 'test' };
    await scheduler.tick();

    // Week 1: prod moves to 2026.46.0 on Monday; globex (2026.44.0) is two behind.
    orchestrator.clock.set('2026-11-23T09:00:00Z');
    await service.runTrain({ ...actor, requestId: 'train-week-1' }, false);
    const pins: string[] = [];
    for (const sunday of ['2026-11-29', '2026-12-06', '2026-12-13']) {
      orchestrator.clock.set(`${sunday}T02:59:00Z`);
      await scheduler.tick();
      orchestrator.clock.set(`${sunday}T03:00:30Z`);
      await scheduler.tick();
      pins.push(pinOf(orchestrator, 'globex'));
    }

    expect(pins).toEqual(['2026.45.0', '2026.46.0', '2026.46.0']);
  });
});

/** What the lease's expiry does, without waiting for it. */
async function deleteLease(orchestrator: InProcessOrchestrator): Promise<void> {
  const client = new Redis(orchestrator.redis.url);
  await client.del('ro:lease');
  await client.quit();
}
