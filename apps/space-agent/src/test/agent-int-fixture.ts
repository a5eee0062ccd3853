import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grpcPackages, relayV1alpha1 } from '@platform/contracts';
import { createGrpcServiceClient, createLogger, type ServiceConfig } from '@platform/platform-kit';
import {
  createTempDir,
  createTestPki,
  eventually,
  freePort,
  spawnService,
  startRedisServer,
  type ServiceProcess,
  type TempDir,
  type TestPki,
  type TestRedisServer,
} from '@platform/testing';
import { firstValueFrom } from 'rxjs';
import type { AgentConfig } from '../app/agent.config';
import type { DirectiveApplier } from '../app/directive.applier';
import type { SpaceAgentOptions } from '../app/space-agent';
import { startSpaceAgent, type RunningSpaceAgent } from '../app/start-space-agent';
import { createTestCentral, windowCoveringToday, type TestCentral } from './agent-fixtures';

export const TEST_POP = 'aws-us-east-1';
export const MONITORING_TOKEN = 'monitoring-token-for-tests';

/**
 * A real redis-server, the pop-relay started as its own process (so it can be killed and started
 * again on the same port) over mutual TLS, Central's signing key, and in-process agents.
 */
export interface AgentFixture {
  pki: TestPki;
  redis: TestRedisServer;
  central: TestCentral;
  relayAddress: string;
  publisher: relayV1alpha1.RelayServiceClient;
  /** Starts the relay process (again) on the same port. */
  startRelay(): Promise<void>;
  stopRelay(): Promise<void>;
  startAgent(space: string, options?: AgentStartOptions): Promise<RunningSpaceAgent>;
  backlog(space: string): Promise<number>;
  stop(): Promise<void>;
}

export interface AgentStartOptions extends SpaceAgentOptions {
  stateDir?: string;
  release?: string;
  applier?: DirectiveApplier;
}

export async function startAgentFixture(): Promise<AgentFixture> {
  const pki = await createTestPki();
  const redis = await startRedisServer({ appendOnly: true });
  const central = await createTestCentral();
  const dirs: TempDir[] = [createTempDir('space-agent')];
  const keysDir = join(dirs[0].path, 'keys');
  mkdirSync(keysDir);
  writeFileSync(join(keysDir, 'central.pub'), central.keys.publicKeyPem);
  const relayPort = await freePort();
  const relayAddress = `127.0.0.1:${relayPort}`;
  const relayTls = await pki.issue(pki.pop(TEST_POP, 'pop-relay'));
  const publisherClient = createGrpcServiceClient<relayV1alpha1.RelayServiceClient>({
    address: relayAddress,
    protoPackage: grpcPackages.relay,
    serviceName: relayV1alpha1.RELAY_SERVICE_NAME,
    tls: await pki.issue(pki.central('control-plane')),
  });
  const agents: RunningSpaceAgent[] = [];
  let relay: ServiceProcess | undefined;

  const fixture: AgentFixture = {
    pki,
    redis,
    central,
    relayAddress,
    publisher: publisherClient.client,
    async startRelay() {
      relay = spawnService('apps/pop-relay/src/main.ts', {
        PLATFORM_GRPC_PORT: String(relayPort),
        PLATFORM_TLS_CA_FILE: relayTls.caFile,
        PLATFORM_TLS_CERT_FILE: relayTls.certFile,
        PLATFORM_TLS_KEY_FILE: relayTls.keyFile,
        PLATFORM_TRUST_DOMAIN: pki.trustDomain,
        PLATFORM_REDIS_URL: redis.url,
        PLATFORM_POP: TEST_POP,
        PLATFORM_LOG_LEVEL: 'warn',
        PLATFORM_SHUTDOWN_GRACE_MS: '500',
      });
      const started = relay;
      await eventually(
        async () => {
          if (started.child.exitCode !== null) throw new Error(`relay exited: ${started.output()}`);
          await firstValueFrom(
            publisherClient.client.getDeliveryStatus({ space: '', pageSize: 1, pageToken: '' }),
          );
        },
        30_000,
        100,
      );
    },
    async stopRelay() {
      await relay?.stop();
      relay = undefined;
    },
    async startAgent(space, options = {}) {
      const tls = await pki.issue(pki.space(space));
      let dir = options.stateDir;
      if (dir === undefined) {
        const created = createTempDir(`state-${space}`);
        dirs.push(created);
        dir = created.path;
      }
      const config: ServiceConfig = {
        service: 'space-agent',
        grpc: { host: '127.0.0.1', port: await freePort() },
        tls,
        trustDomain: pki.trustDomain,
        logLevel: 'silent',
        shutdownGraceMs: 500,
      };
      const agentConfig: AgentConfig = {
        space,
        relayAddress,
        stateDir: dir,
        http: { host: '127.0.0.1', port: 0 },
        monitoringToken: MONITORING_TOKEN,
        trustedKeys: { [central.keys.keyId]: central.keys.publicKeyPem },
        initial: { release: options.release ?? '1.0', maintenanceWindow: windowCoveringToday() },
      };
      const running = await startSpaceAgent(config, agentConfig, {
        logger: createLogger('space-agent', 'silent'),
        handleSignals: false,
        defaultMetrics: false,
        link: { initialBackoffMs: 100, maxBackoffMs: 1_000, connectedAfterMs: 300 },
        ...options,
      });
      agents.push(running);
      return running;
    },
    async backlog(space) {
      const status = await firstValueFrom(
        publisherClient.client.getDeliveryStatus({ space, pageSize: 0, pageToken: '' }),
      );
      return status.spaces[0]?.backlog ?? 0;
    },
    async stop() {
      await Promise.all(agents.map((agent) => agent.stop()));
      await fixture.stopRelay();
      publisherClient.close();
      await redis.remove();
      for (const dir of dirs) dir.remove();
      pki.remove();
    },
  };
  await fixture.startRelay();
  return fixture;
}

/** GET on an agent's HTTP server; `token` adds the monitoring bearer token. */
export async function httpGet(
  agent: RunningSpaceAgent,
  path: string,
  token?: string,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`http://${agent.http.address}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, text: await response.text() };
}
