import { commonV1alpha1 } from '@platform/contracts';
import { PermissionDeniedError } from '@platform/errors';
import { Redis } from 'ioredis';
import { parse } from 'yaml';
import {
  startInProcessOrchestrator,
  type InProcessOrchestrator,
} from '../../test/in-process-orchestrator';
import { checkCommit } from '../../test/gitops-history';
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
    expect(trailersOf(orchestrator, report.commit as string)).toEqual([
      'Platform-Operation: release.windows',
      'Platform-Actor: release-orchestrator scheduler',
      'Platform-Request-Id: windows-2026-11-29T03:00:30.000Z',
      'Platform-Spaces-Moved: 1',
      'Platform-Channel-Spaces-Moved: prod=1',
      'Platform-Release-Spaces-Moved: 2026.45.0=1',
    ]);

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
    await service.runTrain({ ...actor, requestId: 'train-week-1' }, { dryRun: false });
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

  it('in review mode pushes the scheduled train to train/<date>; Spaces follow only once it is merged', async () => {
    const { remote } = orchestrator;
    const onRemote = (args: string[]) => remote.git(args, remote.url);
    const { scheduler, service } = orchestrator.replica('a', {
      trainMode: 'review',
      trainSchedule: { day: 'monday', start: '09:00', timeZone: 'UTC', durationMinutes: 1440 },
    });
    const sunday = async (date: string) => {
      orchestrator.clock.set(`${date}T03:00:30Z`);
      await scheduler.tick();
      return pinOf(orchestrator, 'globex');
    };
    await scheduler.tick();
    expect(await sunday('2026-11-29')).toBe('2026.45.0'); // prod's release, as before
    const backlog = (await orchestrator.outbox.pendingFor('globex')).length;
    const main = onRemote(['rev-parse', remote.branch]);

    orchestrator.clock.set('2026-11-30T09:00:30Z');
    const report = await scheduler.tick();
    orchestrator.clock.set('2026-11-30T10:00:00Z');
    const again = await service.runTrain(
      { actor: 'alice', requestId: 'manual' },
      { dryRun: false },
    );

    expect(report.trainReviewBranch).toBe('train/2026-11-30');
    const train = onRemote(['rev-parse', 'train/2026-11-30']);
    expect(report.trainCommit).toBe(train);
    expect(onRemote(['rev-list', '--count', `${main}..${train}`])).toBe('1');
    expect(onRemote(['rev-parse', `${train}^`])).toBe(main);
    expect(onRemote(['rev-parse', remote.branch])).toBe(main);
    expect(checkCommit(remote, train)).toEqual([]);
    expect(trailersOf(orchestrator, train).slice(3)).toEqual([
      'Platform-Channels-Moved: 2',
      'Platform-Pops-Moved: 2',
    ]);
    // The lease record stays on main, so merging never conflicts with the window ticks.
    expect(onRemote(['diff', '--name-only', main, train]).split('\n')).not.toContain(
      'gitops/orchestrator/schedule.yaml',
    );
    expect(again).toMatchObject({ reviewBranch: 'train/2026-11-30-2', directiveIds: [] });
    expect(onRemote(['rev-parse', `${again.commit}^`])).toBe(main);
    expect((await orchestrator.outbox.pendingFor('globex')).length).toBe(backlog);

    // Not merged: prod on main is still 2026.45.0, so globex's next window moves nothing.
    expect(await sunday('2026-12-06')).toBe('2026.45.0');

    // An engineer merges the first branch (after a window tick changed main meanwhile).
    remote.git(['fetch', '--quiet', 'origin']);
    remote.git(['checkout', '--quiet', '-B', remote.branch, `origin/${remote.branch}`]);
    remote.git([
      'merge',
      '--quiet',
      '--no-ff',
      '-m',
      'Merge train/2026-11-30',
      'origin/train/2026-11-30',
    ]);
    remote.git(['push', '--quiet', 'origin', remote.branch]);

    expect((await service.getChannels()).channels.map((c) => [c.channel, c.release])).toEqual([
      ['dev', '2026.47.0'],
      ['staging', '2026.47.0'],
      ['prod', '2026.46.0'],
    ]);
    expect(await sunday('2026-12-13')).toBe('2026.46.0');
    expect(trailersOf(orchestrator, onRemote(['rev-parse', remote.branch]))).toContain(
      'Platform-Release-Spaces-Moved: 2026.46.0=1',
    );
  });
});

/** The trailers of a commit, as read from the remote. */
function trailersOf(orchestrator: InProcessOrchestrator, commit: string): string[] {
  const { remote } = orchestrator;
  return remote
    .git(['log', '-1', '--format=%(trailers:only,unfold)', commit], remote.url)
    .split('\n');
}

/** What the lease's expiry does, without waiting for it. */
async function deleteLease(orchestrator: InProcessOrchestrator): Promise<void> {
  const client = new Redis(orchestrator.redis.url);
  await client.del('ro:lease');
  await client.quit();
}
