import { Metadata } from '@grpc/grpc-js';
import { grpcPackages, relayV1alpha1, releaseV1alpha1 } from '@platform/contracts';
import { parseDesiredState, renderDesiredState, renderParts } from '@platform/gitops';
import { OPERATOR_TOKEN_AUDIENCE, mintOperatorToken } from '@platform/operator-auth';
import { generateSigningKeyPair } from '@platform/pki';
import { checkHealth, createGrpcServiceClient } from '@platform/platform-kit';
import {
  createTempDir,
  createTestPki,
  eventually,
  freePort,
  spawnService,
  startRedisServer,
  type ServiceProcess,
  type TestPki,
  type TestWorkloadTls,
} from '@platform/testing';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { firstValueFrom } from 'rxjs';
import { median, timeMs, type Benchmark, type BenchResult } from '../bench-result';
import { commitToBareRepository, git, removeTree, seedBareRepository } from '../git-seed';
import { generateFleet } from '../gitops/generate-fleet';
import { chooseWindowOpening, withWindow } from './bench-window';

const SIZE = { pops: 50, spaces: 10_000 };
const MOVED = 2_500;
/** The PoP the moved Spaces are put under: one real relay takes all their directives. */
const RELAY_POP = 'pop-000';
const TRAIN_ROUNDS = 3;
const TICK_MS = 500;
const DIGEST = (seed: number) => `sha256:${seed.toString(16).padStart(64, '0')}`;

/**
 * Issue 6's figures on a 10,000-Space fleet (50 PoPs), through the real orchestrator process, a
 * real git remote, Redis and a real pop-relay:
 *  - the weekly train: `RunTrain` call → pushed commit (3 channels and 50 PoPs move);
 *  - one scheduler tick in which 2,500 Spaces' windows open at once: the tick (plan, render,
 *    commit, push, directives signed and queued) and the tick until the relay holds all 2,500
 *    directives. The orchestrator ticks on the real clock, so the benchmark sets those Spaces'
 *    window to open at the next free minute and waits for it.
 */
export const releaseBenchmark: Benchmark = {
  name: 'release',
  description: `weekly train and a ${MOVED}-Space window tick on a ${SIZE.spaces}-Space fleet`,
  async run(log) {
    const closers: (() => void)[] = [];
    const processes: ServiceProcess[] = [];
    const pki = await createTestPki();
    const redis = await startRedisServer({ appendOnly: true });
    const temp = createTempDir('release-bench');
    try {
      const { platform, moved } = benchFleet();
      const { state, problems } = parseDesiredState(platform);
      if (problems.length > 0) throw new Error(`fleet invalid: ${JSON.stringify(problems[0])}`);
      const tree = new Map([...platform, ...renderDesiredState(state)]);
      const remote: BenchRemote = { url: join(temp.path, 'gitops.git'), branch: 'main' };
      seedBareRepository(remote.url, withPrefix(tree));
      log(`seeded a remote with ${tree.size} files (${SIZE.spaces} Spaces, ${SIZE.pops} PoPs)`);

      const centralTls = await pki.issue(pki.central('release-orchestrator'));
      const relayAddress = await startRelay(pki, redis.url, centralTls, processes);
      const relay = createGrpcServiceClient<relayV1alpha1.RelayServiceClient>({
        address: relayAddress,
        protoPackage: grpcPackages.relay,
        serviceName: relayV1alpha1.RELAY_SERVICE_NAME,
        tls: centralTls,
      });
      closers.push(relay.close);
      const env = await orchestratorEnv(
        temp.path,
        pki,
        centralTls,
        redis.url,
        remote,
        relayAddress,
      );
      const auth = await adminToken(temp.path);

      // The train, through a replica whose scheduler is off.
      const trainer = await startOrchestrator(
        { ...env, PLATFORM_GITOPS_WORKDIR: join(temp.path, 'a') },
        centralTls,
      );
      processes.push(trainer.process);
      const client = releaseClient(trainer.address, await pki.issue(pki.operator('bench')));
      closers.push(client.close);
      const trainMs: number[] = [];
      for (let round = 1; round <= TRAIN_ROUNDS; round += 1) {
        const version = `2026.${47 + round}.0`;
        await firstValueFrom(
          client.client.publishRelease(
            {
              requestId: `publish-${version}`,
              release: {
                version,
                components: { api: `registry.privatecloud.io/identity/api@${DIGEST(round)}` },
                migrations: [],
                compatibleWith: `2026.${46 + round}.0`,
              },
            },
            auth,
          ),
        );
        // Warm: the replica syncs its clone with the publish commit before the timed call.
        await firstValueFrom(
          client.client.runTrain({ requestId: `plan-${round}`, dryRun: true }, auth),
        );
        let response: releaseV1alpha1.RunTrainResponse | undefined;
        trainMs.push(
          await timeMs(async () => {
            response = await firstValueFrom(
              client.client.runTrain({ requestId: `train-${round}`, dryRun: false }, auth),
            );
          }),
        );
        if (!response?.change?.gitCommit) throw new Error(`train ${round} committed nothing`);
        log(
          `train ${round}: ${trainMs[round - 1]?.toFixed(0)} ms (${changedFiles(remote, response.change.gitCommit)} files, load ${load()})`,
        );
      }
      await trainer.process.stop();

      // The window of the 2,500 Spaces opens at the next free minute; a ticking replica waits.
      const opening = chooseWindowOpening(new Date());
      const windowed = withWindow(platform, moved, opening);
      const windowedState = parseDesiredState(windowed).state;
      const rendered = renderParts(windowedState, { spaces: moved, argocd: true });
      commitToBareRepository(
        remote.url,
        withPrefix(
          new Map(
            [...moved.map((name) => `platform/spaces/${name}.yaml`), ...rendered.keys()].map(
              (path) => [path, windowed.get(path) ?? (rendered.get(path) as string)],
            ),
          ),
        ),
        `bench: ${MOVED} Spaces take a window at ${opening.toISOString()}`,
      );
      const ticker = await startOrchestrator(
        {
          ...env,
          // The stopped trainer's clone, as a restarted replica on the same volume would find it:
          // it fetches what changed instead of checking out 180,000 files again.
          PLATFORM_GITOPS_WORKDIR: join(temp.path, 'a'),
          PLATFORM_SCHEDULER_TICK_MS: String(TICK_MS),
          PLATFORM_LOG_LEVEL: 'info',
          ...profilingOptions('RELEASE_BENCH_ORCHESTRATOR_NODE_OPTIONS'),
        },
        centralTls,
      );
      processes.push(ticker.process);
      log(`${MOVED} windows open at ${opening.toISOString()}; waiting for it`);
      await delay(Math.max(0, opening.getTime() - Date.now()));

      const tick = await eventually(
        async () => {
          const line = movedLine(ticker.process.output());
          if (line === undefined) throw new Error('the window tick has not committed yet');
          return line;
        },
        120_000,
        100,
      );
      const atRelay = await eventually(
        async () => {
          const held = await relayBacklog(relay.client);
          if (held < MOVED) throw new Error(`${held} of ${MOVED} directives at the relay`);
          return Date.now();
        },
        120_000,
        50,
      );
      const tickStart = tick.endedAt - tick.durationMs;
      const tickToRelayMs = atRelay - tickStart;
      log(
        `window tick: moved ${tick.moved} in ${tick.durationMs} ms (render, commit, push, ${MOVED} directives queued); all at the relay ${tickToRelayMs.toFixed(0)} ms after the tick began, ${(atRelay - opening.getTime()).toFixed(0)} ms after the windows opened (load ${load()})`,
      );
      if (tick.moved !== MOVED) throw new Error(`the tick moved ${tick.moved}, not ${MOVED}`);

      const trainMedian = median(trainMs);
      return [
        result(
          'weekly train: RunTrain → pushed commit (3 channels, 50 PoPs)',
          trainMedian / 1000,
          '≤ 2 s',
          trainMedian <= 2_000,
        ),
        result(
          `window tick moving ${MOVED} Spaces → all directives at the relay`,
          tickToRelayMs / 1000,
          '≤ 10 s',
          tickToRelayMs <= 10_000,
        ),
        result(
          `window tick moving ${MOVED} Spaces (render, commit, push, directives queued)`,
          tick.durationMs / 1000,
          'reported',
          true,
        ),
      ];
    } finally {
      for (const close of closers) close();
      await Promise.all(processes.map((process) => process.stop()));
      await redis.remove();
      removeTree(temp.path);
      pki.remove();
    }
  },
};

function result(metric: string, ours: number, target: string, met: boolean): BenchResult {
  return {
    benchmark: 'release',
    metric,
    unit: 's',
    ours,
    baseline: null,
    ratio: null,
    target,
    met,
  };
}

/**
 * The generated fleet with `MOVED` Spaces (custom-window tiers, no geo-failover) moved under
 * {@link RELAY_POP}, so one relay takes every directive of the tick.
 */
function benchFleet(): { platform: Map<string, string>; moved: string[] } {
  const platform = generateFleet(SIZE);
  const moved: string[] = [];
  for (const [path, text] of platform) {
    if (moved.length === MOVED) break;
    if (!path.startsWith('platform/spaces/')) continue;
    if (text.includes('tier: basic') || text.includes('geoFailover')) continue;
    platform.set(path, text.replace(/^ {2}pop: .*$/m, `  pop: ${RELAY_POP}`));
    moved.push(path.slice('platform/spaces/'.length, -'.yaml'.length));
  }
  return { platform, moved };
}

interface MovedLine {
  moved: number;
  durationMs: number;
  endedAt: number;
}

/** The scheduler's log line of the tick that moved Spaces. */
function movedLine(output: string): MovedLine | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes('maintenance windows moved Spaces')) continue;
    const parsed = JSON.parse(line) as { moved: number; durationMs: number; time: string };
    return { moved: parsed.moved, durationMs: parsed.durationMs, endedAt: Date.parse(parsed.time) };
  }
  return undefined;
}

async function relayBacklog(relay: relayV1alpha1.RelayServiceClient): Promise<number> {
  let total = 0;
  let pageToken = '';
  do {
    const page = await firstValueFrom(
      relay.getDeliveryStatus({ space: '', pageSize: 1000, pageToken }),
    );
    total += page.spaces.reduce((sum, space) => sum + space.backlog, 0);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return total;
}

/** The bare gitops remote the orchestrator under test clones and pushes to. */
interface BenchRemote {
  url: string;
  branch: string;
}

/** The tree as the remote holds it: the platform's files live under `gitops/`. */
function withPrefix(files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files].map(([path, text]) => [`gitops/${path}`, text]));
}

function changedFiles(remote: BenchRemote, commit: string): number {
  return git(remote.url, 'diff-tree', '--no-commit-id', '--name-only', '-r', commit)
    .split('\n')
    .filter((line) => line !== '').length;
}

async function startRelay(
  pki: TestPki,
  redisUrl: string,
  centralTls: TestWorkloadTls,
  processes: ServiceProcess[],
): Promise<string> {
  const tls = await pki.issue(pki.pop(RELAY_POP, 'pop-relay'));
  const port = await freePort();
  processes.push(
    spawnService('apps/pop-relay/src/main.ts', {
      PLATFORM_GRPC_PORT: String(port),
      PLATFORM_TLS_CA_FILE: tls.caFile,
      PLATFORM_TLS_CERT_FILE: tls.certFile,
      PLATFORM_TLS_KEY_FILE: tls.keyFile,
      PLATFORM_TRUST_DOMAIN: pki.trustDomain,
      PLATFORM_REDIS_URL: redisUrl,
      PLATFORM_POP: RELAY_POP,
      PLATFORM_LOG_LEVEL: 'warn',
      ...profilingOptions('RELEASE_BENCH_RELAY_NODE_OPTIONS'),
    }),
  );
  const address = `127.0.0.1:${port}`;
  await eventually(() => checkHealth(address, centralTls, { timeoutMs: 1_000 }), 60_000, 200);
  return address;
}

async function orchestratorEnv(
  dir: string,
  pki: TestPki,
  tls: TestWorkloadTls,
  redisUrl: string,
  remote: BenchRemote,
  relayAddress: string,
): Promise<Record<string, string>> {
  const signing = await generateSigningKeyPair();
  writeFileSync(join(dir, 'signing.key'), signing.privateKeyPem, { mode: 0o600 });
  return {
    PLATFORM_TLS_CA_FILE: tls.caFile,
    PLATFORM_TLS_CERT_FILE: tls.certFile,
    PLATFORM_TLS_KEY_FILE: tls.keyFile,
    PLATFORM_TRUST_DOMAIN: pki.trustDomain,
    PLATFORM_REDIS_URL: redisUrl,
    PLATFORM_GITOPS_REMOTE: remote.url,
    PLATFORM_GITOPS_BRANCH: remote.branch,
    PLATFORM_GITOPS_SUBDIRECTORY: 'gitops',
    PLATFORM_DIRECTIVE_SIGNING_KEY_FILE: join(dir, 'signing.key'),
    PLATFORM_OPERATOR_ISSUERS_FILE: join(dir, 'issuers.yaml'),
    PLATFORM_RELAYS: `${RELAY_POP}=${relayAddress}`,
    PLATFORM_SCHEDULER_TICK_MS: '0',
    PLATFORM_LOG_LEVEL: 'warn',
  };
}

async function adminToken(dir: string): Promise<Metadata> {
  const key = generateKeyPairSync('ed25519');
  writeFileSync(
    join(dir, 'token.pub'),
    key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  writeFileSync(
    join(dir, 'issuers.yaml'),
    'issuers:\n  - issuer: bench\n    publicKeyFiles: [token.pub]\n',
  );
  const token = await mintOperatorToken({
    privateKeyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    issuer: 'bench',
    audience: OPERATOR_TOKEN_AUDIENCE,
    subject: 'bench@example.com',
    role: 'admin',
    ttlSeconds: 3600,
  });
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

async function startOrchestrator(
  env: Record<string, string>,
  tls: TestWorkloadTls,
): Promise<{ address: string; process: ServiceProcess }> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const process = spawnService('apps/release-orchestrator/src/main.ts', {
    ...env,
    PLATFORM_GRPC_PORT: String(port),
  });
  await eventually(
    async () => {
      if (process.child.exitCode !== null)
        throw new Error(`orchestrator exited: ${process.output()}`);
      const status = await checkHealth(address, tls, { timeoutMs: 2_000 });
      if (status !== 'SERVING') throw new Error(`${address} is ${status}`);
    },
    180_000,
    250,
  );
  return { address, process };
}

function releaseClient(address: string, tls: TestWorkloadTls) {
  return createGrpcServiceClient<releaseV1alpha1.ReleaseServiceClient>({
    address,
    protoPackage: grpcPackages.release,
    serviceName: releaseV1alpha1.RELEASE_SERVICE_NAME,
    tls,
  });
}

/**
 * For profiling only: NODE_OPTIONS for the ticking orchestrator or the relay, e.g.
 * `--require tools/bench/cpu-profile.cjs` with RELEASE_BENCH_CPU_PROF_DIR set.
 */
function profilingOptions(variable: string): Record<string, string> {
  const options = process.env[variable];
  return options
    ? {
        NODE_OPTIONS: options,
        BENCH_CPU_PROF_DIR: process.env['RELEASE_BENCH_CPU_PROF_DIR'] ?? '',
      }
    : {};
}

function load(): string {
  return loadavg()[0].toFixed(2);
}
