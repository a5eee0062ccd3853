import { healthV1 } from '@platform/contracts';
import { ensurePkiDirectory, loadPkiPaths, type WorkloadIdentity } from '@platform/pki';
import { checkHealth, readTlsMaterial } from '@platform/platform-kit';
import { eventually, freePort } from '@platform/testing';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { devServices, exampleFleet, type DevService } from './dev-topology';
import { renderTable } from './render-table';
import { startLocalRedis } from './local-redis';
import { SupervisedProcess } from './supervised-process';

const workspaceRoot = join(__dirname, '..', '..', '..');
const stateDir = join(workspaceRoot, '.platform');
const trustDomain = 'platform.local';
const operator: WorkloadIdentity = { trustDomain, tier: 'operator', name: 'dev' };
const stopGraceMs = 15_000;

interface Running {
  service: DevService;
  address: string;
  /** Base URL of the service's HTTP endpoints, where it has them. */
  http?: string;
  process: SupervisedProcess;
}

/** What the services of one `npm start` share. */
interface LaunchContext {
  redisUrl: string;
  pkiDir: string;
  monitoringToken: string;
  running: Running[];
}

async function main(): Promise<void> {
  if (process.argv.includes('--fresh')) {
    rmSync(stateDir, { recursive: true, force: true });
    say('--fresh: removed .platform/');
  }
  mkdirSync(join(stateDir, 'logs'), { recursive: true });

  const services = devServices(trustDomain, await exampleFleet(join(workspaceRoot, 'gitops')));
  const pkiDir = join(stateDir, 'pki');
  const pki = await ensurePkiDirectory(pkiDir, {
    trustDomain,
    identities: [operator, ...services.map((service) => service.identity)],
  });
  say(
    pki.changes.length > 0
      ? `development CA: created ${pki.changes.length} files in .platform/pki`
      : 'development CA: reusing .platform/pki',
  );

  const redis = await startLocalRedis(stateDir, say);
  const running: Running[] = [];
  let stopping = false;
  const stopAll = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping ${running.length} services (Spaces, then PoPs, then Central)`);
    for (const { service, process: child } of [...running].reverse()) {
      await child.stop(stopGraceMs);
      say(`stopped ${service.name}`);
    }
    await redis.process.stop(stopGraceMs);
    say('stopped redis-server (its AOF stays in .platform/redis)');
    process.exit(0);
  };
  process.on('SIGINT', () => void stopAll('SIGINT'));
  process.on('SIGTERM', () => void stopAll('SIGTERM'));

  const monitoringToken = readOrCreateMonitoringToken(stateDir);
  for (const service of services) {
    const port = await freePort();
    const own = await ownEnvironment(service, {
      redisUrl: redis.url,
      pkiDir,
      monitoringToken,
      running,
    });
    const tls = loadPkiPaths(pkiDir, service.identity);
    const child = new SupervisedProcess({
      name: service.name,
      command: process.execPath,
      args: [join(workspaceRoot, 'tools/bin/run-ts.cjs'), join(workspaceRoot, service.entry)],
      logFile: join(stateDir, 'logs', `${service.name}.log`),
      cwd: workspaceRoot,
      onEvent: say,
      env: {
        PLATFORM_GRPC_PORT: String(port),
        PLATFORM_TLS_CA_FILE: tls.caCertPath,
        PLATFORM_TLS_CERT_FILE: tls.certPath,
        PLATFORM_TLS_KEY_FILE: tls.keyPath,
        PLATFORM_TRUST_DOMAIN: trustDomain,
        ...own.env,
      },
    });
    child.start();
    running.push({ service, address: `127.0.0.1:${port}`, http: own.http, process: child });
  }

  const operatorPaths = loadPkiPaths(pkiDir, operator);
  const operatorTls = readTlsMaterial({
    caFile: operatorPaths.caCertPath,
    certFile: operatorPaths.certPath,
    keyFile: operatorPaths.keyPath,
  });
  say(`waiting for ${running.length} services to report SERVING…`);
  const health = await Promise.all(
    running.map(({ address }) =>
      eventually(() => checkHealth(address, operatorTls, { timeoutMs: 1_000 }), 60_000, 250).catch(
        (error: unknown) => `unhealthy (${error instanceof Error ? error.message : String(error)})`,
      ),
    ),
  );

  writeEndpoints(running, monitoringToken);
  writePlatformctlConfig(running, operatorPaths);
  process.stdout.write(
    `\n${renderTable(
      ['service', 'tier', 'address', 'health', 'pid'],
      running.map(({ service, address, process: child }, index) => [
        service.name,
        service.tier,
        address,
        String(health[index]),
        String(child.pid ?? '-'),
      ]),
    )}\n`,
  );
  const allServing = health.every(
    (status) => status === healthV1.HealthCheckResponse_ServingStatus.SERVING,
  );
  say(
    allServing
      ? 'all services are SERVING (mutual TLS, CA in .platform/pki)'
      : 'some services are not healthy: see .platform/logs/',
  );
  process.stdout.write(
    [
      '',
      'Try:',
      '  npx platformctl --help',
      '  tail -f .platform/logs/control-plane.log',
      '  cat .platform/endpoints.json',
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/** The settings a kind of service needs beyond the common ones, and its HTTP base URL. */
async function ownEnvironment(
  service: DevService,
  context: LaunchContext,
): Promise<{ env: Record<string, string>; http?: string }> {
  if (service.kind === 'pop-relay' && service.pop) {
    return { env: { PLATFORM_REDIS_URL: context.redisUrl, PLATFORM_POP: service.pop } };
  }
  if (service.kind === 'space-agent' && service.space) {
    const relay = context.running.find(
      ({ service: other }) => other.kind === 'pop-relay' && other.pop === service.pop,
    );
    const httpPort = await freePort();
    return {
      http: `http://127.0.0.1:${httpPort}`,
      env: {
        PLATFORM_SPACE: service.space.name,
        PLATFORM_INITIAL_RELEASE: service.space.release,
        PLATFORM_INITIAL_TIER: service.space.tier,
        PLATFORM_INITIAL_MAINTENANCE_WINDOW: service.space.window,
        PLATFORM_RELAY_ADDRESS: relay?.address ?? '',
        PLATFORM_STATE_DIR: join(stateDir, 'agents', service.space.name),
        PLATFORM_HTTP_PORT: String(httpPort),
        PLATFORM_MONITORING_TOKEN: context.monitoringToken,
        // The PKI directory holds Central's directive-signing.pub, the one key agents trust.
        PLATFORM_DIRECTIVE_KEYS: context.pkiDir,
      },
    };
  }
  return { env: {} };
}

/** The bearer token for agents' /status and /metrics, kept across restarts (development only). */
function readOrCreateMonitoringToken(dir: string): string {
  const file = join(dir, 'monitoring-token');
  if (!existsSync(file))
    writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function writeEndpoints(running: Running[], monitoringToken: string): void {
  const services = running.map(({ service, address, http, process: child }) => ({
    name: service.name,
    kind: service.kind,
    ...(service.pop ? { pop: service.pop } : {}),
    ...(service.space ? { space: service.space.name } : {}),
    pid: child.pid,
    grpc: address,
    ...(http ? { http } : {}),
  }));
  writeFileSync(
    join(stateDir, 'endpoints.json'),
    `${JSON.stringify({ services, monitoringToken }, null, 2)}\n`,
  );
}

function writePlatformctlConfig(running: Running[], tls: ReturnType<typeof loadPkiPaths>): void {
  const addressOf = (kind: string) =>
    running.find(({ service }) => service.kind === kind)?.address ?? '';
  const yaml = [
    '# Written by `npm start`: how platformctl reaches the local platform.',
    `controlPlane: ${addressOf('control-plane')}`,
    `releaseOrchestrator: ${addressOf('release-orchestrator')}`,
    'tls:',
    `  ca: ${tls.caCertPath}`,
    `  cert: ${tls.certPath}`,
    `  key: ${tls.keyPath}`,
    '',
  ].join('\n');
  writeFileSync(join(stateDir, 'platformctl.yaml'), yaml);
}

function say(message: string): void {
  process.stdout.write(`[platform] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
