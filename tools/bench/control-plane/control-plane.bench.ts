import { Metadata } from '@grpc/grpc-js';
import { commonV1alpha1, controlPlaneV1alpha1, grpcPackages } from '@platform/contracts';
import { readGitopsDirectory } from '@platform/gitops-store';
import { OPERATOR_TOKEN_AUDIENCE, mintOperatorToken } from '@platform/operator-auth';
import { generateSigningKeyPair } from '@platform/pki';
import { checkHealth, createGrpcServiceClient } from '@platform/platform-kit';
import {
  createGitRemote,
  createTempDir,
  createTestPki,
  eventually,
  freePort,
  spawnService,
  startRedisServer,
  type ServiceProcess,
} from '@platform/testing';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { median, timeMs, type Benchmark, type BenchResult } from '../bench-result';

const WORKSPACE = join(__dirname, '..', '..', '..');
const POP = 'aws-us-east-1';
const SEQUENTIAL_CREATES = 200;
const CONCURRENT_CREATES = 200;
const CLIENTS = 8;
const BASELINE_COMMITS = 50;

/**
 * Space creation through the real control-plane process (real git remote seeded with the example
 * fleet, real Redis, the PoP's real relay taking the directives), beside a plain
 * `git commit && git push` of one file to a bare remote of the same content, in the same run.
 */
export const controlPlaneBenchmark: Benchmark = {
  name: 'control-plane',
  description: `${SEQUENTIAL_CREATES} creates one by one, ${CONCURRENT_CREATES} with ${CLIENTS} concurrent clients, vs plain git commit && git push`,
  async run(log) {
    const pki = await createTestPki();
    const redis = await startRedisServer({ appendOnly: true });
    const seed = await readGitopsDirectory(join(WORKSPACE, 'gitops'));
    const files = Object.fromEntries([...seed].map(([path, text]) => [`gitops/${path}`, text]));
    const remote = createGitRemote({ files });
    const baselineRemote = createGitRemote({ files });
    const temp = createTempDir('control-plane-bench');
    const processes: ServiceProcess[] = [];
    const closers: (() => void)[] = [];
    try {
      const signing = await generateSigningKeyPair();
      writeFileSync(join(temp.path, 'signing.key'), signing.privateKeyPem);
      const tokenKey = generateKeyPairSync('ed25519');
      writeFileSync(
        join(temp.path, 'token.pub'),
        tokenKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      );
      writeFileSync(
        join(temp.path, 'issuers.yaml'),
        'issuers:\n  - issuer: bench\n    publicKeyFiles: [token.pub]\n',
      );
      const centralTls = await pki.issue(pki.central('control-plane'));
      const relayTls = await pki.issue(pki.pop(POP, 'pop-relay'));
      const relayPort = await freePort();
      const controlPlanePort = await freePort();
      const common = { PLATFORM_TRUST_DOMAIN: pki.trustDomain, PLATFORM_LOG_LEVEL: 'warn' };
      processes.push(
        spawnService('apps/pop-relay/src/main.ts', {
          ...common,
          PLATFORM_GRPC_PORT: String(relayPort),
          PLATFORM_TLS_CA_FILE: relayTls.caFile,
          PLATFORM_TLS_CERT_FILE: relayTls.certFile,
          PLATFORM_TLS_KEY_FILE: relayTls.keyFile,
          PLATFORM_REDIS_URL: redis.url,
          PLATFORM_POP: POP,
        }),
        spawnService('apps/control-plane/src/main.ts', {
          ...common,
          PLATFORM_GRPC_PORT: String(controlPlanePort),
          PLATFORM_TLS_CA_FILE: centralTls.caFile,
          PLATFORM_TLS_CERT_FILE: centralTls.certFile,
          PLATFORM_TLS_KEY_FILE: centralTls.keyFile,
          PLATFORM_REDIS_URL: redis.url,
          PLATFORM_GITOPS_REMOTE: remote.url,
          PLATFORM_GITOPS_WORKDIR: join(temp.path, 'clone'),
          PLATFORM_DIRECTIVE_SIGNING_KEY_FILE: join(temp.path, 'signing.key'),
          PLATFORM_OPERATOR_ISSUERS_FILE: join(temp.path, 'issuers.yaml'),
          PLATFORM_RELAYS: `${POP}=127.0.0.1:${relayPort}`,
        }),
      );
      const address = `127.0.0.1:${controlPlanePort}`;
      for (const target of [address, `127.0.0.1:${relayPort}`]) {
        await eventually(() => checkHealth(target, centralTls, { timeoutMs: 1_000 }), 60_000, 200);
      }
      const token = await mintOperatorToken({
        privateKeyPem: tokenKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        issuer: 'bench',
        audience: OPERATOR_TOKEN_AUDIENCE,
        subject: 'bench@example.com',
        role: 'admin',
        ttlSeconds: 3600,
      });
      const operatorTls = await pki.issue(pki.operator('bench'));
      const clients = Array.from({ length: CLIENTS }, () => {
        const created = createGrpcServiceClient<controlPlaneV1alpha1.ControlPlaneServiceClient>({
          address,
          protoPackage: grpcPackages.controlPlane,
          serviceName: controlPlaneV1alpha1.CONTROL_PLANE_SERVICE_NAME,
          tls: operatorTls,
        });
        closers.push(created.close);
        return created.client;
      });
      const create = async (client: (typeof clients)[number], name: string) => {
        const metadata = new Metadata();
        metadata.set('authorization', `Bearer ${token}`);
        const response = await firstValueFrom(
          client.createSpace(
            {
              requestId: `bench-${name}`,
              name,
              pop: POP,
              tier: commonV1alpha1.Tier.TIER_PERFORMANCE,
              channel: commonV1alpha1.Channel.CHANNEL_PROD,
              maintenanceWindow: {
                day: commonV1alpha1.DayOfWeek.DAY_OF_WEEK_SUNDAY,
                start: '02:00',
                timeZone: 'Europe/Berlin',
                durationMinutes: 120,
              },
              addOns: { pci: false, geoFailover: undefined },
            },
            metadata,
          ),
        );
        if (!response.change?.gitCommit) throw new Error(`create ${name} returned no commit`);
      };
      await create(clients[0], 'warm-up');

      const baseline = plainGitCommitTimes(baselineRemote.clonePath, BASELINE_COMMITS);
      const baselineP50 = median(baseline);
      log(
        `plain git commit && git push: p50 ${baselineP50.toFixed(1)} ms over ${BASELINE_COMMITS}`,
      );

      const latencies: number[] = [];
      for (let index = 0; index < SEQUENTIAL_CREATES; index += 1) {
        latencies.push(await timeMs(() => create(clients[0], `seq-${index}`)));
      }
      const p50 = percentile(latencies, 0.5);
      const p99 = percentile(latencies, 0.99);
      log(`create one by one: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (load ${load()})`);

      let next = 0;
      const elapsed = await timeMs(() =>
        Promise.all(
          clients.map(async (client) => {
            while (next < CONCURRENT_CREATES) {
              const index = next;
              next += 1;
              await create(client, `par-${index}`);
            }
          }),
        ),
      );
      const perSecond = CONCURRENT_CREATES / (elapsed / 1000);
      log(`${CLIENTS} clients: ${perSecond.toFixed(1)} creates/s (load ${load()})`);
      const commits = Number(remote.git(['rev-list', '--count', remote.branch], remote.url));
      const expected = 1 + 1 + SEQUENTIAL_CREATES + CONCURRENT_CREATES;
      if (commits !== expected) throw new Error(`expected ${expected} commits, found ${commits}`);

      const result = (metric: string, ours: number, target: string, met: boolean, unit = 'ms') => ({
        benchmark: 'control-plane',
        metric,
        unit,
        ours,
        baseline: null,
        ratio: null,
        target,
        met,
      });
      const results: BenchResult[] = [
        {
          benchmark: 'control-plane',
          metric: 'create Space p50, call → pushed commit',
          unit: 'ms',
          ours: p50,
          baseline: baselineP50,
          ratio: p50 / baselineP50,
          target: '≤ 3× plain git commit && git push',
          met: p50 <= 3 * baselineP50,
        },
        result('create Space p99, call → pushed commit', p99, 'reported', true),
        result(
          `creates/s with ${CLIENTS} concurrent clients`,
          perSecond,
          '≥ 20 creates/s',
          perSecond >= 20,
          'creates/s',
        ),
      ];
      return results;
    } finally {
      for (const close of closers) close();
      await Promise.all(processes.map((child) => child.stop()));
      await redis.remove();
      remote.remove();
      baselineRemote.remove();
      temp.remove();
      pki.remove();
    }
  },
};

/** Milliseconds of `git add && git commit && git push` of one new file, `count` times. */
function plainGitCommitTimes(clone: string, count: number): number[] {
  const git = (args: string[]) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@invalid', ...args], {
      cwd: clone,
      stdio: 'pipe',
    });
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = process.hrtime.bigint();
    writeFileSync(
      join(clone, 'gitops', 'platform', 'spaces', `plain-${index}.yaml`),
      `n: ${index}\n`,
    );
    git(['add', '--all']);
    git(['commit', '--quiet', '-m', `plain ${index}`]);
    git(['push', '--quiet', 'origin', 'HEAD']);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

function load(): string {
  return loadavg()[0].toFixed(2);
}
