import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isAlive, launchPlatform, WORKSPACE, type LaunchedPlatform } from './launched-platform';
import { agentStatus, platformctlJson, remoteFile, remoteLog } from './platform-probes';

const run = promisify(execFile);
const EXAMPLE_SPACES = ['acme', 'globex', 'hooli', 'initech', 'soylent', 'umbrella'];
const START_TIMEOUT_MS = 120_000;

/** What `npm run demo -- --json <file>` writes (the parts these tests read). */
interface DemoResults {
  ok: boolean;
  steps: { step: string; result: string; detail: string }[];
  facts: {
    space: string;
    initialRelease: string;
    published: { version: string; compatibleWith: string };
    train: { moves: { channel: string; from: string; to: string; outcome: string }[] };
    windows: { moves: { space: string; from: string; to: string }[] }[];
    outage: { stoppedPids: number[]; moves: { space: string; to: string }[] };
    rollback: { space: string; from: string; to: string };
    failover: { space: string; active: string };
  };
}

interface SpaceView {
  name: string;
  channel: string;
  release: string;
}

/**
 * The whole platform on one machine, as a newcomer runs it: `npm start` on a fresh state
 * directory, `npm run demo` against it, SIGTERM, and `npm start` again on the same state.
 * One platform start is shared by the tests (they run in order and build on each other).
 */
describe('npm start and npm run demo, end to end', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'platform-e2e-'));
  const remote = join(stateDir, 'gitops.git');
  let platform: LaunchedPlatform | undefined;
  let demo: DemoResults | undefined;

  beforeAll(async () => {
    platform = await launchPlatform(stateDir, START_TIMEOUT_MS);
  }, START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    // Even when beforeAll failed half-way: nothing of this run may outlive the tests.
    await platform?.destroy();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('brings up Central, both PoPs and an agent per side of each example Space, all healthy', async () => {
    const endpoints = started().endpoints();
    const kinds = endpoints.services.map((service) => service.kind);
    expect(kinds.filter((kind) => kind === 'control-plane')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'release-orchestrator')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'pop-relay')).toHaveLength(2);
    expect(kinds.filter((kind) => kind === 'bot-detection')).toHaveLength(2);
    // Six Spaces, acme twice (geo-failover: primary and secondary PoP).
    expect(endpoints.services.filter((service) => service.space === 'acme')).toHaveLength(2);
    expect(kinds.filter((kind) => kind === 'space-agent')).toHaveLength(7);
    expect(endpoints.services.every((service) => isAlive(service.pid))).toBe(true);
    expect(isAlive(endpoints.redis.pid)).toBe(true);
    expect(started().output()).toMatch(/All 13 services are SERVING/);

    const { spaces } = await platformctlJson<{ spaces: SpaceView[] }>(stateDir, [
      'spaces',
      'list',
      '--all',
    ]);
    expect(spaces.map((space) => space.name)).toEqual(EXAMPLE_SPACES);
    const hooli = await agentStatus(endpoints, 'space-agent@hooli');
    expect(hooli).toMatchObject({ release: '2026.47.0', connected: true });
  });

  it('runs the guided demo, and the remote, the agents and platformctl agree with what it says', async () => {
    const jsonFile = join(stateDir, 'demo.json');
    const result = await run(
      process.execPath,
      [
        'tools/bin/run-ts.cjs',
        'tools/demo/demo.main.ts',
        '--state-dir',
        stateDir,
        '--json',
        jsonFile,
      ],
      { cwd: WORKSPACE, env: { ...process.env, FORCE_COLOR: '0' } },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`the demo failed:\n${error.stdout}\n${error.stderr}`);
    });
    demo = JSON.parse(readFileSync(jsonFile, 'utf8')) as DemoResults;
    expect(demo.ok).toBe(true);
    expect(demo.steps.map((step) => step.result)).toEqual(Array(7).fill('ok'));
    expect(result.stdout).toMatch(/step\s+result\s+seconds/);
    const { facts } = demo;

    // The gitops remote holds one commit per change, each naming its operation.
    const log = remoteLog(remote);
    const touching = (operation: string, path: string) =>
      log.filter(
        (commit) => commit.operation === operation && commit.files.includes(`gitops/${path}`),
      );
    expect(touching('space.create', `platform/spaces/${facts.space}.yaml`)).toHaveLength(1);
    expect(
      touching('release.publish', `platform/releases/${facts.published.version}.yaml`),
    ).toHaveLength(1);
    expect(log.filter((commit) => commit.operation === 'train.run')).toHaveLength(1);
    expect(
      touching('release.windows', `platform/spaces/${facts.space}.yaml`).length,
    ).toBeGreaterThanOrEqual(1);
    expect(touching('release.rollback', `platform/spaces/${facts.space}.yaml`)).toHaveLength(1);
    expect(touching('space.failover', 'platform/spaces/acme.yaml')).toHaveLength(1);
    expect(remoteFile(remote, `gitops/platform/spaces/${facts.space}.yaml`)).toContain(
      `release: ${facts.published.compatibleWith}`,
    );

    // The new Space took dev's release, moved to the new one in its window, and was rolled back.
    expect(facts.initialRelease).toBe(facts.published.compatibleWith);
    expect(facts.rollback).toMatchObject({
      from: facts.published.version,
      to: facts.published.compatibleWith,
    });
    const endpoints = started().endpoints();
    expect((await agentStatus(endpoints, `space-agent@${facts.space}`)).release).toBe(
      facts.published.compatibleWith,
    );
    // Every Space the windows moved, and the one that caught up after the outage, runs what
    // the demo says, as its own agent reports.
    const latest = new Map(
      [...facts.windows.flatMap((window) => window.moves), ...facts.outage.moves].map((move) => [
        move.space,
        move.to,
      ]),
    );
    latest.delete(facts.space);
    expect(latest.size).toBeGreaterThanOrEqual(2);
    for (const [space, release] of latest) {
      expect((await agentStatus(endpoints, `space-agent@${space}`)).release).toBe(release);
    }
    expect(facts.outage.stoppedPids.every((pid) => !isAlive(pid))).toBe(true);
    expect(
      isAlive(endpoints.services.find((service) => service.name === 'control-plane')?.pid),
    ).toBe(true);

    // acme's two agents swapped roles.
    for (const agent of endpoints.services.filter((service) => service.space === 'acme')) {
      expect((await agentStatus(endpoints, agent.name)).failoverRole).toBe(
        agent.pop === facts.failover.active ? 'FAILOVER_ROLE_ACTIVE' : 'FAILOVER_ROLE_STANDBY',
      );
    }

    const { spaces } = await platformctlJson<{ spaces: SpaceView[] }>(stateDir, [
      'spaces',
      'list',
      '--all',
    ]);
    expect(spaces.map((space) => space.name).sort()).toEqual(
      [...EXAMPLE_SPACES, facts.space].sort(),
    );
    expect(spaces.find((space) => space.name === facts.space)).toMatchObject({ channel: 'dev' });
    const dev = facts.train.moves.find((move) => move.channel === 'dev');
    expect(dev).toMatchObject({ to: facts.published.version, outcome: 'moved' });
  }, 180_000);

  it('stops every process on SIGTERM, and a second start reuses PKI, gitops remote and agent state', async () => {
    expect(demo?.ok).toBe(true);
    const first = started();
    const endpoints = first.endpoints();
    const pids = [...endpoints.services.map((service) => service.pid), endpoints.redis.pid];
    const agents = endpoints.services.filter((service) => service.kind === 'space-agent');
    const releases = new Map(
      await Promise.all(
        agents.map(
          async (agent) =>
            [agent.name, (await agentStatus(endpoints, agent.name)).release] as const,
        ),
      ),
    );
    const pki = fileTimes(join(stateDir, 'pki'));
    const head = remoteLog(remote)[0].hash;

    expect(await first.terminate()).toBe(0);
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    expect(first.output()).toMatch(/stopped everything/);

    platform = await launchPlatform(stateDir, START_TIMEOUT_MS);
    const again = platform.endpoints();
    expect(platform.output()).toMatch(/Development PKI: reusing/);
    expect(fileTimes(join(stateDir, 'pki'))).toEqual(pki);
    expect(remoteLog(remote)[0].hash).toBe(head);
    // The demo's Space is part of the fleet now: the second start runs its agent too.
    expect(again.services.map((service) => service.name)).toEqual(
      expect.arrayContaining([...releases.keys()]),
    );
    for (const [name, release] of releases) {
      expect((await agentStatus(again, name)).release).toBe(release);
    }
    expect(await platform.terminate()).toBe(0);
    const after = platform.endpoints();
    expect(
      [...after.services.map((service) => service.pid), after.redis.pid].filter(isAlive),
    ).toEqual([]);
  }, 200_000);

  function started(): LaunchedPlatform {
    if (!platform) throw new Error('the platform did not start (see beforeAll)');
    return platform;
  }
});

/** Every file's modification time under `dir`: equal means nothing was rewritten. */
function fileTimes(dir: string): Record<string, number> {
  const times: Record<string, number> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const stat = statSync(join(dir, name));
    if (stat.isFile()) times[name] = stat.mtimeMs;
  }
  return times;
}
