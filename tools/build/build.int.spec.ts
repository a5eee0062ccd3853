import { healthV1 } from '@platform/contracts';
import { checkHealth } from '@platform/platform-kit';
import {
  createTempDir,
  createTestPki,
  eventually,
  freePort,
  startRedisServer,
  waitForExit,
  type TempDir,
  type TestPki,
  type TestRedisServer,
} from '@platform/testing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { buildServices, type BuildSummary } from './build-services';

const root = join(__dirname, '..', '..');
const POP = 'aws-us-east-1';

/** A started `node dist/.../main.js`, as the image's ENTRYPOINT runs it. */
interface BuiltService {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | NodeJS.Signals>;
}

describe('the production build', () => {
  // Laid out like the image's /app: dist/ beside node_modules/, no TypeScript tooling involved.
  let app: TempDir;
  let summary: BuildSummary;
  let pki: TestPki;
  let redis: TestRedisServer;
  const started: BuiltService[] = [];

  beforeAll(async () => {
    app = createTempDir('build');
    symlinkSync(join(root, 'node_modules'), join(app.path, 'node_modules'), 'dir');
    summary = await buildServices({ root, outDir: join(app.path, 'dist') });
    pki = await createTestPki();
    redis = await startRedisServer({ appendOnly: true });
  });

  afterAll(async () => {
    for (const service of started) service.child.kill('SIGKILL');
    await redis?.remove();
    pki?.remove();
    app?.remove();
  });

  async function relayEnvironment(port: number): Promise<Record<string, string>> {
    const tls = await pki.issue(pki.pop(POP, 'pop-relay'));
    return {
      PLATFORM_GRPC_PORT: String(port),
      PLATFORM_TLS_CA_FILE: tls.caFile,
      PLATFORM_TLS_CERT_FILE: tls.certFile,
      PLATFORM_TLS_KEY_FILE: tls.keyFile,
      PLATFORM_TRUST_DOMAIN: pki.trustDomain,
      PLATFORM_REDIS_URL: redis.url,
      PLATFORM_POP: POP,
    };
  }

  function startBuilt(entry: string, env: Record<string, string>): BuiltService {
    const child = spawn(process.execPath, [entry], {
      cwd: app.path,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const service = { child, output: () => output, exited: waitForExit(child) };
    started.push(service);
    return service;
  }

  it('emits an entry point for every service and no test code', () => {
    for (const service of [
      'control-plane',
      'release-orchestrator',
      'pop-relay',
      'bot-detection',
      'space-agent',
    ]) {
      expect(existsSync(join(summary.outDir, `apps/${service}/src/main.js`))).toBe(true);
    }
    const testFiles = summary.files.filter((file) =>
      /\.spec\.js$|\/test\/|\/testing\/|^libs\/testing\//.test(file),
    );
    expect(testFiles).toEqual([]);
  });

  it('reports the workspace version from the output, as platformctl --version does from source', () => {
    const cli = spawnSync(process.execPath, ['dist/apps/platformctl/src/main.js', '--version'], {
      cwd: app.path,
      encoding: 'utf8',
    });
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version: string;
    };

    expect({ status: cli.status, stdout: cli.stdout.trim() }).toEqual({
      status: 0,
      stdout: version,
    });
  });

  it('runs pop-relay from the output with plain node, serving gRPC health over mTLS', async () => {
    const port = await freePort();
    const relay = startBuilt('dist/apps/pop-relay/src/main.js', {
      ...(await relayEnvironment(port)),
      PLATFORM_PROTO_ROOT: join(root, 'proto'),
    });
    const operator = await pki.issue(pki.operator('ci'));
    const exitedEarly = relay.exited.then((code) => {
      throw new Error(`pop-relay exited (${code}) before serving:\n${relay.output()}`);
    });
    exitedEarly.catch(() => undefined);

    await expect(
      Promise.race([
        eventually(
          () => checkHealth(`127.0.0.1:${port}`, operator, { timeoutMs: 1_000 }),
          20_000,
          200,
        ),
        exitedEarly,
      ]),
    ).resolves.toBe(healthV1.HealthCheckResponse_ServingStatus.SERVING);

    relay.child.kill('SIGTERM');
    await expect(relay.exited).resolves.toBe(0);
  });

  it('says in one line to set PLATFORM_PROTO_ROOT when the output has no proto/ above it', async () => {
    const relay = startBuilt(
      'dist/apps/pop-relay/src/main.js',
      await relayEnvironment(await freePort()),
    );

    await expect(relay.exited).resolves.toBe(1);
    expect(relay.output()).toBe(
      'pop-relay: failed to start: proto/ not found above the contracts library; set PLATFORM_PROTO_ROOT\n',
    );
  });
});
