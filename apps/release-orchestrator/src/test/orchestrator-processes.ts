import { Metadata } from '@grpc/grpc-js';
import { grpcPackages, releaseV1alpha1 } from '@platform/contracts';
import { readGitopsDirectory } from '@platform/gitops-store';
import {
  mintOperatorToken,
  OPERATOR_TOKEN_AUDIENCE,
  type OperatorRole,
} from '@platform/operator-auth';
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
  type TestGitRemote,
  type TestPki,
  type TestRedisServer,
} from '@platform/testing';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRelayProcesses } from './relay-processes';

const ISSUER = 'platform-test';
const WORKSPACE = join(__dirname, '..', '..', '..', '..');

/** A release-orchestrator process the test can kill as a crash would. */
export interface OrchestratorProcess {
  address: string;
  pid: number;
  kill(): Promise<void>;
  output(): string;
}

/**
 * Central's release orchestrator as real processes: a bare git remote seeded with the example
 * fleet of `gitops/` (plus `extraFiles`), a redis-server shared with a pop-relay process per
 * PoP, and as many orchestrator replicas as asked for. Everything started is stopped by `stop`.
 */
export interface OrchestratorProcesses {
  pki: TestPki;
  redis: TestRedisServer;
  remote: TestGitRemote;
  startOrchestrator(env?: Record<string, string>): Promise<OrchestratorProcess>;
  client(address: string): Promise<releaseV1alpha1.ReleaseServiceClient>;
  auth(role: OperatorRole): Promise<Metadata>;
  /** Directives waiting at `pop`'s relay for `space`'s agent. */
  relayBacklog(pop: string, space: string): Promise<number>;
  /** Commit subjects on the remote branch, newest first. */
  subjects(): string[];
  stop(): Promise<void>;
}

export async function startOrchestratorProcesses(
  extraFiles: Record<string, string> = {},
): Promise<OrchestratorProcesses> {
  const pki = await createTestPki();
  const redis = await startRedisServer({ appendOnly: true });
  const seed = await readGitopsDirectory(join(WORKSPACE, 'gitops'));
  const remote = createGitRemote({
    files: {
      ...Object.fromEntries([...seed].map(([path, text]) => [`gitops/${path}`, text])),
      ...extraFiles,
    },
  });
  const dir = createTempDir('release-orchestrator');
  const signing = await generateSigningKeyPair();
  writeFileSync(join(dir.path, 'directive-signing.key'), signing.privateKeyPem, { mode: 0o600 });
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const tokenKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(
    join(dir.path, 'operator-token.pub'),
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  writeFileSync(
    join(dir.path, 'operator-issuers.yaml'),
    `issuers:\n  - issuer: ${ISSUER}\n    publicKeyFiles: [operator-token.pub]\n`,
  );
  const centralTls = await pki.issue(pki.central('release-orchestrator'));
  const operatorTls = await pki.issue(pki.operator('platformctl'));
  const processes: ServiceProcess[] = [];
  const closers: (() => void)[] = [];

  const relayProcesses = await startRelayProcesses(
    pki,
    redis,
    ['aws-us-east-1', 'gcp-europe-west1'],
    centralTls,
  );
  const relays = relayProcesses.addresses;
  let replicas = 0;

  return {
    pki,
    redis,
    remote,
    async startOrchestrator(env = {}) {
      const port = await freePort();
      const address = `127.0.0.1:${port}`;
      replicas += 1;
      const orchestrator = await started('apps/release-orchestrator/src/main.ts', address, {
        PLATFORM_GRPC_PORT: String(port),
        PLATFORM_TLS_CA_FILE: centralTls.caFile,
        PLATFORM_TLS_CERT_FILE: centralTls.certFile,
        PLATFORM_TLS_KEY_FILE: centralTls.keyFile,
        PLATFORM_TRUST_DOMAIN: pki.trustDomain,
        PLATFORM_REDIS_URL: redis.url,
        PLATFORM_GITOPS_REMOTE: remote.url,
        PLATFORM_GITOPS_BRANCH: remote.branch,
        PLATFORM_GITOPS_SUBDIRECTORY: 'gitops',
        PLATFORM_GITOPS_WORKDIR: join(dir.path, `clone-${replicas}`),
        PLATFORM_DIRECTIVE_SIGNING_KEY_FILE: join(dir.path, 'directive-signing.key'),
        PLATFORM_OPERATOR_ISSUERS_FILE: join(dir.path, 'operator-issuers.yaml'),
        PLATFORM_RELAYS: Object.entries(relays)
          .map(([pop, relay]) => `${pop}=${relay}`)
          .join(','),
        PLATFORM_SCHEDULER_TICK_MS: '0',
        PLATFORM_LOG_LEVEL: 'warn',
        PLATFORM_SHUTDOWN_GRACE_MS: '500',
        ...env,
      });
      processes.push(orchestrator);
      return {
        address,
        pid: orchestrator.child.pid as number,
        output: () => orchestrator.output(),
        async kill() {
          if (orchestrator.child.exitCode === null) {
            orchestrator.child.kill('SIGKILL');
            await orchestrator.exited;
          }
        },
      };
    },
    async client(address) {
      const created = createGrpcServiceClient<releaseV1alpha1.ReleaseServiceClient>({
        address,
        protoPackage: grpcPackages.release,
        serviceName: releaseV1alpha1.RELEASE_SERVICE_NAME,
        tls: operatorTls,
      });
      closers.push(created.close);
      return created.client;
    },
    async auth(role) {
      const token = await mintOperatorToken({
        privateKeyPem: tokenKey,
        issuer: ISSUER,
        audience: OPERATOR_TOKEN_AUDIENCE,
        subject: `${role}@example.com`,
        role,
        ttlSeconds: 600,
      });
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${token}`);
      return metadata;
    },
    relayBacklog: (pop, space) => relayProcesses.backlog(pop, space),
    subjects() {
      return remote.git(['log', '--format=%s', remote.branch], remote.url).split('\n');
    },
    async stop() {
      for (const close of closers) close();
      await Promise.all(processes.map((process) => process.stop()));
      await relayProcesses.stop();
      await redis.remove();
      remote.remove();
      dir.remove();
      pki.remove();
    },
  };

  async function started(
    entry: string,
    address: string,
    env: Record<string, string>,
  ): Promise<ServiceProcess> {
    const process = spawnService(entry, env);
    await eventually(
      async () => {
        if (process.child.exitCode !== null)
          throw new Error(`${entry} exited: ${process.output()}`);
        const status = await checkHealth(address, centralTls, { timeoutMs: 1_000 });
        if (status !== 'SERVING') throw new Error(`${address} is ${status}`);
      },
      30_000,
      100,
    );
    return process;
  }
}
