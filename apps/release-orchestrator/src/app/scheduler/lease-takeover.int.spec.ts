import { Redis } from 'ioredis';
import { DAYS } from '@platform/gitops';
import { eventually } from '@platform/testing';
import { stringify, parse } from 'yaml';
import {
  startOrchestratorProcesses,
  type OrchestratorProcesses,
} from '../../test/orchestrator-processes';

const MINUTE = 60_000;

/** A performance-tier Space on prod, two releases behind it, whose UTC window opens at `start`. */
function spaceFile(name: string, start: Date): string {
  return stringify({
    apiVersion: 'privatecloud.io/v1',
    kind: 'Space',
    metadata: { name },
    spec: {
      pop: 'gcp-europe-west1',
      tier: 'performance',
      channel: 'prod',
      release: '2026.44.0',
      maintenanceWindow: {
        day: DAYS[(start.getUTCDay() + 6) % 7],
        start: start.toISOString().slice(11, 16),
        timeZone: 'UTC',
        durationMinutes: 30,
      },
      addOns: { pci: false },
    },
  });
}

// Real time here: two processes cannot share a manual clock. The first window has just opened
// (the scheduler cursor is set to just before it); the second opens at a later minute.
describe('one active orchestrator (two real processes)', () => {
  let platform: OrchestratorProcesses;
  let redis: Redis;

  afterAll(async () => {
    await redis?.quit();
    await platform?.stop();
  });

  it('runs windows on the lease holder only; when it dies the other takes over and nothing runs twice', async () => {
    const now = Date.now();
    const firstOpens = new Date(Math.floor(now / MINUTE) * MINUTE);
    // Leave time to kill the first holder before the second window opens.
    const secondOpens = new Date(
      firstOpens.getTime() + (now - firstOpens.getTime() > 40_000 ? 2 : 1) * MINUTE,
    );
    platform = await startOrchestratorProcesses({
      'gitops/platform/spaces/early.yaml': spaceFile('early', firstOpens),
      'gitops/platform/spaces/late.yaml': spaceFile('late', secondOpens),
    });
    redis = new Redis(platform.redis.url);
    await redis.set(
      'ro:scheduler:windows-until',
      new Date(firstOpens.getTime() - 1_000).toISOString(),
    );
    const env = { PLATFORM_SCHEDULER_TICK_MS: '300', PLATFORM_LEASE_MS: '2000' };
    const replicas = [await platform.startOrchestrator(env), await platform.startOrchestrator(env)];
    const pinOf = (space: string) =>
      (
        parse(
          platform.remote.git(
            ['show', `${platform.remote.branch}:gitops/platform/spaces/${space}.yaml`],
            platform.remote.url,
          ),
        ) as {
          spec: { release: string };
        }
      ).spec.release;
    const windowCommits = () =>
      platform.subjects().filter((subject) => subject.startsWith('Maintenance windows'));

    await eventually(async () => expect(pinOf('early')).toBe('2026.45.0'), 20_000, 200);
    const holderPid = Number(/:(\d+)\|/.exec((await redis.get('ro:lease')) ?? '')?.[1]);
    const holder = replicas.find((replica) => replica.pid === holderPid);
    const other = replicas.find((replica) => replica.pid !== holderPid);
    expect(holder).toBeDefined();
    await holder?.kill();

    await eventually(
      async () => expect(await redis.get('ro:lease')).toContain(`:${other?.pid}|`),
      10_000,
      200,
    );
    await eventually(async () => expect(pinOf('late')).toBe('2026.45.0'), 150_000, 500);
    // Let the survivor tick a few more times: it must not move anything again.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect(pinOf('early')).toBe('2026.45.0');
    expect(windowCommits()).toEqual([
      'Maintenance windows: 1 Space(s) move one release',
      'Maintenance windows: 1 Space(s) move one release',
    ]);
    // The survivor committed under a newer lease than the dead holder's (how much newer depends
    // on how often the lease changed hands under load).
    const schedule = parse(
      platform.remote.git(
        ['show', `${platform.remote.branch}:gitops/orchestrator/schedule.yaml`],
        platform.remote.url,
      ),
    ) as { fencingToken: number };
    expect(schedule.fencingToken).toBeGreaterThanOrEqual(2);
  });
});
