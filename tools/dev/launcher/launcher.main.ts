import { healthV1 } from '@platform/contracts';
import { ensurePkiDirectory, loadPkiPaths, type WorkloadIdentity } from '@platform/pki';
import { checkHealth, readTlsMaterial } from '@platform/platform-kit';
import { eventually, freePort } from '@platform/testing';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import {
  DEVELOPMENT_ISSUER,
  OPERATOR_TOKEN_AUDIENCE,
  mintOperatorToken,
} from '@platform/operator-auth';
import { ensureLocalGitopsRemote } from './local-gitops-remote';
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
  gitopsRemote: string;
  /** `host:port` every service will listen on, by service name (known before any starts). */
  addresses: ReadonlyMap<string, string>;
  services: readonly DevService[];
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

  const gitopsRemote = ensureLocalGitopsRemote(stateDir, join(workspaceRoot, 'gitops'), say);
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
  await writeOperatorToken(pkiDir);
  // Ports first: Central starts before the PoPs yet must know where their relays will listen.
  const ports = new Map<string, number>();
  for (const service of services) ports.set(service.name, await freePort());
  const addresses = new Map([...ports].map(([name, port]) => [name, `127.0.0.1:${port}`]));
  for (const service of services) {
    const port = ports.get(service.name) as number;
    const own = await ownEnvironment(service, {
      redisUrl: redis.url,
      pkiDir,
      monitoringToken,
      gitopsRemote,
      addresses,
      services,
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
      'Try (platformctl reads .platform/platformctl.yaml and its development admin token):',
      '  npx platformctl spaces list',
      '  npx platformctl channels',
      '  npx platformctl train --dry-run',
      'Logs: .platform/logs/<service>.log   Endpoints: .platform/endpoints.json',
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
  if (service.kind === 'bot-detection' && service.pop) {
    const httpPort = await freePort();
    return {
      http: `http://127.0.0.1:${httpPort}`,
      env: {
        PLATFORM_REDIS_URL: context.redisUrl,
        PLATFORM_POP: service.pop,
        // Development only: any Space certificate of the local CA may ask (Spaces come and go
        // through the control plane while npm start runs).
        PLATFORM_BOT_DETECTION_SPACES: '*',
        PLATFORM_BOT_DETECTION_USER_KEY: readOrCreateSecret(stateDir, 'bot-detection-user-key'),
        PLATFORM_HTTP_PORT: String(httpPort),
      },
    };
  }
  if (service.kind === 'pop-relay' && service.pop) {
    return {
      env: {
        PLATFORM_REDIS_URL: context.redisUrl,
        PLATFORM_POP: service.pop,
        // A bounded heap keeps RSS flat across broadcasts (see apps/pop-relay/README.md, Memory).
        NODE_OPTIONS: '--max-old-space-size=512 --max-semi-space-size=4',
      },
    };
  }
  if (service.kind === 'control-plane' || service.kind === 'release-orchestrator') {
    // Both Central services write the same gitops repository, each from its own clone.
    const relays = context.services
      .filter((other) => other.kind === 'pop-relay')
      .map((relay) => `${relay.pop}=${context.addresses.get(relay.name)}`);
    const paths = loadPkiPaths(context.pkiDir, service.identity);
    return {
      env: {
        PLATFORM_REDIS_URL: context.redisUrl,
        PLATFORM_GITOPS_REMOTE: context.gitopsRemote,
        PLATFORM_GITOPS_WORKDIR: join(stateDir, service.kind, 'gitops'),
        PLATFORM_DIRECTIVE_SIGNING_KEY_FILE: join(context.pkiDir, 'directive-signing.key'),
        PLATFORM_OPERATOR_ISSUERS_FILE: paths.operatorIssuersPath,
        PLATFORM_RELAYS: relays.join(','),
      },
    };
  }
  if (service.kind === 'space-agent' && service.space) {
    const relay = context.services.find(
      (other) => other.kind === 'pop-relay' && other.pop === service.pop,
    );
    const httpPort = await freePort();
    return {
      http: `http://127.0.0.1:${httpPort}`,
      env: {
        PLATFORM_SPACE: service.space.name,
        PLATFORM_INITIAL_RELEASE: service.space.release,
        PLATFORM_INITIAL_TIER: service.space.tier,
        PLATFORM_INITIAL_MAINTENANCE_WINDOW: service.space.window,
        PLATFORM_RELAY_ADDRESS: (relay && context.addresses.get(relay.name)) ?? '',
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

const OPERATOR_TOKEN_FILE = 'operator.token';

/**
 * A development admin token for platformctl, signed with the development operator key of
 * `.platform/pki` (trusted by the local control plane only), fresh for a week at every start.
 */
async function writeOperatorToken(pkiDir: string): Promise<void> {
  const paths = loadPkiPaths(pkiDir, operator);
  const token = await mintOperatorToken({
    privateKeyPem: readFileSync(paths.operatorTokenKeyPath, 'utf8'),
    issuer: DEVELOPMENT_ISSUER,
    audience: OPERATOR_TOKEN_AUDIENCE,
    subject: `${userInfo().username}@localhost`,
    role: 'admin',
    ttlSeconds: 7 * 24 * 3600,
  });
  writeFileSync(join(stateDir, OPERATOR_TOKEN_FILE), `${token}\n`, { mode: 0o600 });
}

/** The bearer token for agents' /status and /metrics, kept across restarts (development only). */
function readOrCreateMonitoringToken(dir: string): string {
  return readOrCreateSecret(dir, 'monitoring-token');
}

/** A random development secret in `.platform/<name>`, made once and kept across restarts. */
function readOrCreateSecret(dir: string, name: string): string {
  const file = join(dir, name);
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
    // Minted by every `npm start` from the development key; production tokens come from your IdP.
    `tokenFile: ${OPERATOR_TOKEN_FILE}`,
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
