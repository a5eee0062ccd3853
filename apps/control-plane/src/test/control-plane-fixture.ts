import { Metadata } from '@grpc/grpc-js';
import { controlPlaneV1alpha1, grpcPackages, relayV1alpha1 } from '@platform/contracts';
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
  type TempDir,
  type TestGitRemote,
  type TestPki,
  type TestRedisServer,
} from '@platform/testing';
import { generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';

export const ISSUER = 'platform-test';
export const MONITORING_TOKEN = 'monitoring-token-for-control-plane-tests';
const WORKSPACE = join(__dirname, '..', '..', '..', '..');

/** A process the fixture can stop gracefully, kill as a crash would, and start again on its port. */
export interface RestartableProcess {
  address: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  output(): string;
}

export interface TestAgent {
  space: string;
  pop: string;
  /** `GET /status` of the agent, as JSON. */
  status(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * Central and two PoPs on real parts: a bare git remote seeded with the example fleet of
 * `gitops/`, a redis-server (AOF on) shared by Central and the relays (they use separate key
 * prefixes), a pop-relay process per PoP, the control-plane process, and space-agent
 * processes on demand. Every PID started here is stopped by {@link ControlPlaneFixture.stop}.
 */
export interface ControlPlaneFixture {
  pki: TestPki;
  redis: TestRedisServer;
  remote: TestGitRemote;
  controlPlane: RestartableProcess;
  relays: Record<string, RestartableProcess>;
  client: controlPlaneV1alpha1.ControlPlaneServiceClient;
  /** A client that presents `identity`'s certificate instead of an operator's. */
  clientAs(
    identity: ReturnType<TestPki['space']>,
  ): Promise<controlPlaneV1alpha1.ControlPlaneServiceClient>;
  /** Metadata with a bearer token for `role` (or a token shaped by `options`). */
  auth(role: OperatorRole, options?: TokenOptions): Promise<Metadata>;
  relayBacklog(pop: string, space: string): Promise<number>;
  startAgent(space: string, pop: string): Promise<TestAgent>;
  /** Commits on the remote branch, newest first. */
  remoteLog(): string[];
  /** Runs the real `platformctl` CLI as a process against this control plane, as `role`. */
  platformctl(
    role: OperatorRole,
    args: string[],
  ): { status: number; stdout: string; stderr: string };
  stop(): Promise<void>;
}

export interface TokenOptions {
  subject?: string;
  ttlSeconds?: number;
  /** Sign with a key no configured issuer has. */
  untrustedKey?: boolean;
  /** The `iss` claim; default the configured test issuer. */
  issuer?: string;
  now?: () => Date;
}

export async function startControlPlaneFixture(
  pops: readonly string[],
): Promise<ControlPlaneFixture> {
  const pki = await createTestPki();
  const redis = await startRedisServer({ appendOnly: true });
  const seed = await readGitopsDirectory(join(WORKSPACE, 'gitops'));
  const remote = createGitRemote({
    files: Object.fromEntries([...seed].map(([path, text]) => [`gitops/${path}`, text])),
  });
  const temp: TempDir[] = [createTempDir('control-plane')];
  const dir = temp[0].path;
  const signing = await generateSigningKeyPair();
  writeFileSync(join(dir, 'directive-signing.key'), signing.privateKeyPem, { mode: 0o600 });
  mkdirSync(join(dir, 'directive-keys'));
  writeFileSync(join(dir, 'directive-keys', 'central.pub'), signing.publicKeyPem);
  const tokenKey = ed25519Pem();
  const strangerKey = ed25519Pem();
  writeFileSync(join(dir, 'operator-token.pub'), tokenKey.publicKeyPem);
  writeFileSync(
    join(dir, 'operator-issuers.yaml'),
    `issuers:\n  - issuer: ${ISSUER}\n    publicKeyFiles: [operator-token.pub]\n`,
  );

  const processes: RestartableProcess[] = [];
  const relays: Record<string, RestartableProcess> = {};
  for (const pop of pops) {
    const tls = await pki.issue(pki.pop(pop, 'pop-relay'));
    const port = await freePort();
    relays[pop] = restartable('apps/pop-relay/src/main.ts', `127.0.0.1:${port}`, {
      PLATFORM_GRPC_PORT: String(port),
      PLATFORM_TLS_CA_FILE: tls.caFile,
      PLATFORM_TLS_CERT_FILE: tls.certFile,
      PLATFORM_TLS_KEY_FILE: tls.keyFile,
      PLATFORM_TRUST_DOMAIN: pki.trustDomain,
      PLATFORM_REDIS_URL: redis.url,
      PLATFORM_POP: pop,
      PLATFORM_LOG_LEVEL: 'warn',
      PLATFORM_SHUTDOWN_GRACE_MS: '500',
    });
    processes.push(relays[pop]);
  }
  const centralTls = await pki.issue(pki.central('control-plane'));
  const controlPlanePort = await freePort();
  const controlPlaneAddress = `127.0.0.1:${controlPlanePort}`;
  const controlPlane = restartable('apps/control-plane/src/main.ts', controlPlaneAddress, {
    PLATFORM_GRPC_PORT: String(controlPlanePort),
    PLATFORM_TLS_CA_FILE: centralTls.caFile,
    PLATFORM_TLS_CERT_FILE: centralTls.certFile,
    PLATFORM_TLS_KEY_FILE: centralTls.keyFile,
    PLATFORM_TRUST_DOMAIN: pki.trustDomain,
    PLATFORM_REDIS_URL: redis.url,
    PLATFORM_GITOPS_REMOTE: remote.url,
    PLATFORM_GITOPS_BRANCH: remote.branch,
    PLATFORM_GITOPS_SUBDIRECTORY: 'gitops',
    PLATFORM_GITOPS_WORKDIR: join(dir, 'clone'),
    PLATFORM_DIRECTIVE_SIGNING_KEY_FILE: join(dir, 'directive-signing.key'),
    PLATFORM_OPERATOR_ISSUERS_FILE: join(dir, 'operator-issuers.yaml'),
    PLATFORM_RELAYS: Object.entries(relays)
      .map(([pop, relay]) => `${pop}=${relay.address}`)
      .join(','),
    PLATFORM_LOG_LEVEL: 'warn',
    PLATFORM_SHUTDOWN_GRACE_MS: '500',
  });
  processes.push(controlPlane);

  const closers: (() => void)[] = [];
  const clientWith = async (identity: ReturnType<TestPki['space']>) => {
    const created = createGrpcServiceClient<controlPlaneV1alpha1.ControlPlaneServiceClient>({
      address: controlPlaneAddress,
      protoPackage: grpcPackages.controlPlane,
      serviceName: controlPlaneV1alpha1.CONTROL_PLANE_SERVICE_NAME,
      tls: await pki.issue(identity),
    });
    closers.push(created.close);
    return created.client;
  };
  const relayClients = new Map<string, relayV1alpha1.RelayServiceClient>();
  for (const [pop, relay] of Object.entries(relays)) {
    const created = createGrpcServiceClient<relayV1alpha1.RelayServiceClient>({
      address: relay.address,
      protoPackage: grpcPackages.relay,
      serviceName: relayV1alpha1.RELAY_SERVICE_NAME,
      tls: centralTls,
    });
    closers.push(created.close);
    relayClients.set(pop, created.client);
  }
  const operatorTls = await pki.issue(pki.operator('platformctl'));
  const client = await clientWith(pki.operator('platformctl'));
  const tokens = new Map<OperatorRole, string>();
  const agents: ServiceProcess[] = [];

  const fixture: ControlPlaneFixture = {
    pki,
    redis,
    remote,
    controlPlane,
    relays,
    client,
    clientAs: clientWith,
    async auth(role, options = {}) {
      const token = await mintOperatorToken({
        privateKeyPem: options.untrustedKey ? strangerKey.privateKeyPem : tokenKey.privateKeyPem,
        issuer: options.issuer ?? ISSUER,
        audience: OPERATOR_TOKEN_AUDIENCE,
        subject: options.subject ?? `${role}@example.com`,
        role,
        ttlSeconds: options.ttlSeconds ?? 600,
        now: options.now,
      });
      if (!options.untrustedKey && options.issuer === undefined) tokens.set(role, token);
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${token}`);
      return metadata;
    },
    async relayBacklog(pop, space) {
      const relay = relayClients.get(pop);
      if (!relay) throw new Error(`no relay for ${pop}`);
      const status = await firstValueFrom(
        relay.getDeliveryStatus({ space, pageSize: 0, pageToken: '' }),
      );
      return status.spaces[0]?.backlog ?? 0;
    },
    async startAgent(space, pop) {
      const tls = await pki.issue(pki.space(space));
      const state = createTempDir(`agent-${space}-${pop}`);
      temp.push(state);
      const httpPort = await freePort();
      const agent = spawnService('apps/space-agent/src/main.ts', {
        PLATFORM_GRPC_PORT: String(await freePort()),
        PLATFORM_TLS_CA_FILE: tls.caFile,
        PLATFORM_TLS_CERT_FILE: tls.certFile,
        PLATFORM_TLS_KEY_FILE: tls.keyFile,
        PLATFORM_TRUST_DOMAIN: pki.trustDomain,
        PLATFORM_SPACE: space,
        PLATFORM_RELAY_ADDRESS: relays[pop].address,
        PLATFORM_STATE_DIR: state.path,
        PLATFORM_HTTP_PORT: String(httpPort),
        PLATFORM_MONITORING_TOKEN: MONITORING_TOKEN,
        PLATFORM_DIRECTIVE_KEYS: join(dir, 'directive-keys'),
        PLATFORM_LOG_LEVEL: 'warn',
        PLATFORM_SHUTDOWN_GRACE_MS: '500',
      });
      agents.push(agent);
      const status = async () => {
        const response = await fetch(`http://127.0.0.1:${httpPort}/status`, {
          headers: { authorization: `Bearer ${MONITORING_TOKEN}` },
        });
        if (response.status !== 200) throw new Error(`agent /status: ${response.status}`);
        return (await response.json()) as Record<string, unknown>;
      };
      await eventually(
        async () => {
          if (agent.child.exitCode !== null) throw new Error(`agent exited: ${agent.output()}`);
          await status();
        },
        30_000,
        100,
      );
      return { space, pop, status, stop: async () => void (await agent.stop()) };
    },
    platformctl(role, args) {
      const token = tokens.get(role);
      if (token === undefined) throw new Error(`call auth('${role}') first`);
      const config = join(dir, `platformctl-${role}.yaml`);
      writeFileSync(
        config,
        [
          `controlPlane: ${controlPlaneAddress}`,
          'tls:',
          `  ca: ${operatorTls.caFile}`,
          `  cert: ${operatorTls.certFile}`,
          `  key: ${operatorTls.keyFile}`,
          `token: ${token}`,
          '',
        ].join('\n'),
      );
      const result = spawnSync(
        process.execPath,
        [join(WORKSPACE, 'tools/bin/platformctl.cjs'), ...args],
        {
          cwd: dir,
          env: { PATH: process.env['PATH'] ?? '', HOME: dir, PLATFORMCTL_CONFIG: config },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
    },
    remoteLog() {
      return remote.git(['log', '--format=%H', remote.branch], remote.url).split('\n');
    },
    async stop() {
      for (const close of closers) close();
      await Promise.all(agents.map((agent) => agent.stop()));
      await Promise.all(processes.map((process) => process.stop()));
      await redis.remove();
      remote.remove();
      for (const created of temp) created.remove();
      pki.remove();
    },
  };
  await Promise.all(Object.values(relays).map((relay) => relay.start()));
  await controlPlane.start();
  return fixture;

  function restartable(
    entry: string,
    address: string,
    env: Record<string, string>,
  ): RestartableProcess {
    let running: ServiceProcess | undefined;
    return {
      address,
      output: () => running?.output() ?? '',
      async start() {
        const started = spawnService(entry, env);
        running = started;
        await eventually(
          async () => {
            if (started.child.exitCode !== null)
              throw new Error(`${entry} exited: ${started.output()}`);
            await probe(address);
          },
          30_000,
          100,
        );
      },
      async stop() {
        await running?.stop();
        running = undefined;
      },
      async kill() {
        const current = running;
        running = undefined;
        if (current && current.child.exitCode === null) {
          current.child.kill('SIGKILL');
          await current.exited;
        }
      },
    };
  }

  async function probe(address: string): Promise<void> {
    const status = await checkHealth(address, centralTls, { timeoutMs: 1_000 });
    if (status !== 'SERVING') throw new Error(`${address} is ${status}`);
  }
}

function ed25519Pem(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
