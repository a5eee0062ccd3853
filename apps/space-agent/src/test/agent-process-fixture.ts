import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grpcPackages, relayV1alpha1, type directiveV1alpha1 } from '@platform/contracts';
import { createGrpcServiceClient } from '@platform/platform-kit';
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
import type { AgentState } from '../app/agent-state';
import { AgentStateRepository } from '../app/agent-state.repository';
import type { AgentStatus } from '../app/space-agent';
import { createTestCentral, type TestCentral } from './agent-fixtures';

export const PROCESS_TEST_POP = 'aws-us-east-1';
export const PROCESS_MONITORING_TOKEN = 'monitoring-token-for-process-tests';

/**
 * Everything as its own process: a real redis-server (AOF everysec), the pop-relay started from
 * its `main.ts` (so it can be SIGKILLed and started again on the same port and Redis), and
 * space-agents started from theirs, each with its own certificate, state directory and ports.
 * Every PID started here is killed by {@link ProcessFixture.stop}.
 */
export interface ProcessFixture {
  pki: TestPki;
  redis: TestRedisServer;
  central: TestCentral;
  relayAddress: string;
  relayPort: number;
  /** The relay process now running; undefined between a kill and the next start. */
  relay(): ServiceProcess | undefined;
  startRelay(): Promise<void>;
  /** `kill -9` of the relay, as a crash would; resolves once it is gone. */
  killRelay(): Promise<void>;
  /** Stores `directive` on the relay, retrying while the relay or Redis is down (idempotent by id). */
  publishUntilStored(
    directive: directiveV1alpha1.SignedDirective,
    timeoutMs?: number,
  ): Promise<void>;
  deliveryStatus(space: string): Promise<relayV1alpha1.SpaceDeliveryStatus>;
  startAgent(space: string, options?: { relayAddress?: string }): Promise<AgentProcess>;
  stop(): Promise<void>;
}

/** A space-agent process; restart() runs a new process on the same state directory and ports. */
export interface AgentProcess {
  space: string;
  stateDir: string;
  process(): ServiceProcess;
  /** GET /status with the monitoring token. */
  status(): Promise<AgentStatus>;
  /** A sample of GET /metrics (Prometheus text) by name; 0 when absent. */
  metric(name: string): Promise<number>;
  /** The persisted state (`agent-state.json`), as the agent wrote it. */
  savedState(): Promise<AgentState | undefined>;
  /** Sends `signal` and waits for the process to be gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
}

export async function startProcessFixture(): Promise<ProcessFixture> {
  const pki = await createTestPki();
  const redis = await startRedisServer({ appendOnly: true });
  const central = await createTestCentral();
  const dirs: TempDir[] = [createTempDir('agent-processes')];
  const keysDir = join(dirs[0].path, 'keys');
  mkdirSync(keysDir);
  writeFileSync(join(keysDir, 'central.pub'), central.keys.publicKeyPem);

  const relayPort = await freePort();
  const relayAddress = `127.0.0.1:${relayPort}`;
  const relayTls = await pki.issue(pki.pop(PROCESS_TEST_POP, 'pop-relay'));
  const publisher = createGrpcServiceClient<relayV1alpha1.RelayServiceClient>({
    address: relayAddress,
    protoPackage: grpcPackages.relay,
    serviceName: relayV1alpha1.RELAY_SERVICE_NAME,
    tls: await pki.issue(pki.central('control-plane')),
  });
  const started: ServiceProcess[] = [];
  const agents: AgentProcess[] = [];
  let relay: ServiceProcess | undefined;

  const fixture: ProcessFixture = {
    pki,
    redis,
    central,
    relayAddress,
    relayPort,
    relay: () => relay,
    async startRelay() {
      const service = spawnService('apps/pop-relay/src/main.ts', {
        PLATFORM_GRPC_PORT: String(relayPort),
        PLATFORM_TLS_CA_FILE: relayTls.caFile,
        PLATFORM_TLS_CERT_FILE: relayTls.certFile,
        PLATFORM_TLS_KEY_FILE: relayTls.keyFile,
        PLATFORM_TRUST_DOMAIN: pki.trustDomain,
        PLATFORM_REDIS_URL: redis.url,
        PLATFORM_POP: PROCESS_TEST_POP,
        PLATFORM_LOG_LEVEL: 'warn',
        PLATFORM_SHUTDOWN_GRACE_MS: '500',
      });
      started.push(service);
      relay = service;
      await eventually(
        async () => {
          if (service.child.exitCode !== null) throw new Error(`relay exited: ${service.output()}`);
          await firstValueFrom(
            publisher.client.getDeliveryStatus({ space: '', pageSize: 1, pageToken: '' }),
          );
        },
        // Started from source (SWC) on a shared 2-core machine: allow for a slow start.
        60_000,
        100,
      );
    },
    async killRelay() {
      const running = relay;
      relay = undefined;
      if (!running) return;
      running.child.kill('SIGKILL');
      await running.exited;
    },
    async publishUntilStored(directive, timeoutMs = 30_000) {
      await eventually(
        () => firstValueFrom(publisher.client.publish({ directive })),
        timeoutMs,
        100,
      );
    },
    async deliveryStatus(space) {
      const status = await firstValueFrom(
        publisher.client.getDeliveryStatus({ space, pageSize: 0, pageToken: '' }),
      );
      const own = status.spaces.find((entry) => entry.space === space);
      if (!own) throw new Error(`the relay has no delivery status for ${space}`);
      return own;
    },
    async startAgent(space, options = {}) {
      const tls = await pki.issue(pki.space(space));
      const stateDir = createTempDir(`state-${space}`);
      dirs.push(stateDir);
      const env = {
        PLATFORM_GRPC_PORT: String(await freePort()),
        PLATFORM_HTTP_PORT: String(await freePort()),
        PLATFORM_TLS_CA_FILE: tls.caFile,
        PLATFORM_TLS_CERT_FILE: tls.certFile,
        PLATFORM_TLS_KEY_FILE: tls.keyFile,
        PLATFORM_TRUST_DOMAIN: pki.trustDomain,
        PLATFORM_LOG_LEVEL: 'warn',
        PLATFORM_SHUTDOWN_GRACE_MS: '500',
        PLATFORM_SPACE: space,
        PLATFORM_RELAY_ADDRESS: options.relayAddress ?? relayAddress,
        PLATFORM_STATE_DIR: stateDir.path,
        PLATFORM_MONITORING_TOKEN: PROCESS_MONITORING_TOKEN,
        PLATFORM_DIRECTIVE_KEYS: keysDir,
        PLATFORM_INITIAL_RELEASE: '1.0',
      };
      const agent = new SpawnedAgent(space, stateDir.path, env, started);
      await agent.restart();
      agents.push(agent);
      return agent;
    },
    async stop() {
      for (const service of started) {
        if (service.child.exitCode === null && service.child.signalCode === null) {
          service.child.kill('SIGKILL');
          await service.exited;
        }
      }
      publisher.close();
      await redis.remove();
      for (const dir of dirs) dir.remove();
      pki.remove();
    },
  };
  await fixture.startRelay();
  return fixture;
}

class SpawnedAgent implements AgentProcess {
  private current: ServiceProcess | undefined;
  private readonly httpAddress: string;

  constructor(
    readonly space: string,
    readonly stateDir: string,
    private readonly env: Record<string, string>,
    private readonly started: ServiceProcess[],
  ) {
    this.httpAddress = `127.0.0.1:${env['PLATFORM_HTTP_PORT']}`;
  }

  process(): ServiceProcess {
    if (!this.current) throw new Error(`the agent of ${this.space} was never started`);
    return this.current;
  }

  async restart(): Promise<void> {
    const service = spawnService('apps/space-agent/src/main.ts', this.env);
    this.started.push(service);
    this.current = service;
    await eventually(
      async () => {
        if (service.child.exitCode !== null) throw new Error(`agent exited: ${service.output()}`);
        const response = await fetch(`http://${this.httpAddress}/healthz`);
        if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
      },
      60_000,
      100,
    );
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    const service = this.process();
    if (service.child.exitCode !== null || service.child.signalCode !== null) return;
    service.child.kill(signal);
    await service.exited;
  }

  async status(): Promise<AgentStatus> {
    return JSON.parse(await this.get('/status')) as AgentStatus;
  }

  async metric(name: string): Promise<number> {
    const text = await this.get('/metrics');
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
    return line === undefined ? 0 : Number(line.slice(name.length + 1));
  }

  savedState(): Promise<AgentState | undefined> {
    return new AgentStateRepository(this.stateDir).load();
  }

  private async get(path: string): Promise<string> {
    const response = await fetch(`http://${this.httpAddress}${path}`, {
      headers: { authorization: `Bearer ${PROCESS_MONITORING_TOKEN}` },
    });
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return response.text();
  }
}
