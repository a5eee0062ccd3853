import { status as GrpcStatus } from '@grpc/grpc-js';
import { healthV1 } from '@platform/contracts';
import { generateSigningKeyPair, type WorkloadIdentity } from '@platform/pki';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkHealth } from '@platform/platform-kit';
import {
  createGitRemote,
  createTestPki,
  eventually,
  freePort,
  createTempDir,
  spawnService,
  startRedisServer,
  type ServiceProcess,
  type TempDir,
  type TestGitRemote,
  type TestRedisServer,
  type TestPki,
  type TestWorkloadTls,
} from '@platform/testing';

const remotes: TestGitRemote[] = [];
afterAll(() => remotes.forEach((remote) => remote.remove()));

/** What a Central service needs: Redis, a gitops remote, the signing key and the token issuers. */
const centralEnvironment = async ({
  redis,
  dir,
}: OwnEnvironmentContext): Promise<Record<string, string>> => {
  const remote = createGitRemote({ files: { 'gitops/platform/.gitkeep': '' } });
  remotes.push(remote);
  const signing = await generateSigningKeyPair();
  writeFileSync(join(dir, 'directive-signing.key'), signing.privateKeyPem);
  writeFileSync(join(dir, 'operator-token.pub'), signing.publicKeyPem);
  writeFileSync(
    join(dir, 'operator-issuers.yaml'),
    'issuers:\n  - issuer: platform-test\n    publicKeyFiles: [operator-token.pub]\n',
  );
  return {
    PLATFORM_REDIS_URL: (await redis()).url,
    PLATFORM_GITOPS_REMOTE: remote.url,
    PLATFORM_GITOPS_WORKDIR: join(dir, 'clone'),
    PLATFORM_DIRECTIVE_SIGNING_KEY_FILE: join(dir, 'directive-signing.key'),
    PLATFORM_OPERATOR_ISSUERS_FILE: join(dir, 'operator-issuers.yaml'),
  };
};

interface ServiceUnderTest {
  name: string;
  identity: (pki: TestPki) => WorkloadIdentity;
  /** Settings of the service's own, beyond the common ones. */
  ownEnvironment?: (context: OwnEnvironmentContext) => Promise<Record<string, string>>;
}

interface OwnEnvironmentContext {
  redis(): Promise<TestRedisServer>;
  /** A directory the service may use, removed after its tests. */
  dir: string;
}

const services: ServiceUnderTest[] = [
  {
    name: 'control-plane',
    identity: (pki) => pki.central('control-plane'),
    ownEnvironment: centralEnvironment,
  },
  {
    name: 'release-orchestrator',
    identity: (pki) => pki.central('release-orchestrator'),
    ownEnvironment: centralEnvironment,
  },
  {
    name: 'pop-relay',
    identity: (pki) => pki.pop('aws-us-east-1', 'pop-relay'),
    ownEnvironment: async ({ redis }) => ({
      PLATFORM_REDIS_URL: (await redis()).url,
      PLATFORM_POP: 'aws-us-east-1',
    }),
  },
  {
    name: 'bot-detection',
    identity: (pki) => pki.pop('aws-us-east-1', 'bot-detection'),
    ownEnvironment: async ({ redis }) => ({
      PLATFORM_REDIS_URL: (await redis()).url,
      PLATFORM_POP: 'aws-us-east-1',
      PLATFORM_BOT_DETECTION_SPACES: 'acme,globex',
      PLATFORM_BOT_DETECTION_USER_KEY: 'a-per-pop-secret-of-at-least-32-characters',
      PLATFORM_HTTP_PORT: String(await freePort()),
    }),
  },
  {
    name: 'space-agent',
    identity: (pki) => pki.space('acme-prod'),
    // The relay address points nowhere: an agent must start and serve while its PoP is away.
    ownEnvironment: async ({ dir }) => {
      const keys = join(dir, 'directive-keys');
      mkdirSync(keys);
      writeFileSync(join(keys, 'central.pub'), (await generateSigningKeyPair()).publicKeyPem);
      return {
        PLATFORM_SPACE: 'acme-prod',
        PLATFORM_RELAY_ADDRESS: `127.0.0.1:${await freePort()}`,
        PLATFORM_STATE_DIR: join(dir, 'state'),
        PLATFORM_HTTP_PORT: String(await freePort()),
        PLATFORM_MONITORING_TOKEN: 'e2e-monitoring-token-0123456789',
        PLATFORM_DIRECTIVE_KEYS: keys,
      };
    },
  },
];

function serviceEnvironment(
  tls: TestWorkloadTls,
  port: number,
  trustDomain: string,
): Record<string, string> {
  return {
    PLATFORM_GRPC_PORT: String(port),
    PLATFORM_TLS_CA_FILE: tls.caFile,
    PLATFORM_TLS_CERT_FILE: tls.certFile,
    PLATFORM_TLS_KEY_FILE: tls.keyFile,
    PLATFORM_TRUST_DOMAIN: trustDomain,
  };
}

describe.each(services)('the $name process', ({ name, identity, ownEnvironment }) => {
  const entry = `apps/${name}/src/main.ts`;
  let pki: TestPki;
  let strangerPki: TestPki;
  let env: Record<string, string>;
  let address: string;
  let service: ServiceProcess;
  let redis: TestRedisServer | undefined;
  let workDir: TempDir;
  const startRedis = async () => (redis ??= await startRedisServer({ appendOnly: true }));

  beforeAll(async () => {
    pki = await createTestPki();
    strangerPki = await createTestPki();
    workDir = createTempDir(`e2e-${name}`);
    const port = await freePort();
    address = `127.0.0.1:${port}`;
    env = {
      ...serviceEnvironment(await pki.issue(identity(pki)), port, pki.trustDomain),
      ...(await ownEnvironment?.({ redis: startRedis, dir: workDir.path })),
    };
    service = spawnService(entry, env);
  });

  afterAll(async () => {
    await service.stop();
    await redis?.remove();
    workDir.remove();
    pki.remove();
    strangerPki.remove();
  });

  it('serves gRPC health over mutual TLS to a platform client', async () => {
    const operator = await pki.issue(pki.operator('ci'));

    const status = await eventually(
      () => checkHealth(address, operator, { timeoutMs: 1_000 }),
      30_000,
    );

    expect(status).toBe(healthV1.HealthCheckResponse_ServingStatus.SERVING);
  });

  it('refuses a client whose certificate comes from another CA', async () => {
    const stranger = await strangerPki.issue(strangerPki.operator('ci'));
    const ourCa = (await pki.issue(pki.operator('ci'))).ca;

    await expect(
      checkHealth(address, { ...stranger, ca: ourCa }, { timeoutMs: 2_000 }),
    ).rejects.toMatchObject({
      code: GrpcStatus.UNAVAILABLE,
    });
  });

  it('logs structured JSON lines naming the service', () => {
    const lines = service.output().trim().split('\n').filter(Boolean);

    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ service: name });
  });

  it('stops cleanly on SIGTERM', async () => {
    const code = await service.stop();

    // The output comes along so a failure shows what the service said while stopping.
    expect({ code, output: service.output() }).toEqual({
      code: 0,
      output: expect.stringContaining('"msg":"stopped"'),
    });
  });

  it('refuses to start with a bad environment variable, in one line naming it', async () => {
    const broken = spawnService(entry, { ...env, PLATFORM_GRPC_PORT: 'eighty' });

    await expect(broken.exited).resolves.toBe(1);
    expect(broken.output()).toBe(
      `${name}: invalid configuration: PLATFORM_GRPC_PORT: expected a port number, got "eighty"\n`,
    );
  });
});

describe('a service missing its TLS files', () => {
  it('names the variable and the file it cannot read', async () => {
    const broken = spawnService('apps/pop-relay/src/main.ts', {
      PLATFORM_GRPC_PORT: '7000',
      PLATFORM_TLS_CA_FILE: '/nonexistent/ca.crt',
      PLATFORM_TLS_CERT_FILE: '/nonexistent/tls.crt',
      PLATFORM_TLS_KEY_FILE: '/nonexistent/tls.key',
    });

    await expect(broken.exited).resolves.toBe(1);
    expect(broken.output()).toBe(
      'pop-relay: invalid configuration: PLATFORM_TLS_CA_FILE: cannot read file "/nonexistent/ca.crt"\n',
    );
  });
});
