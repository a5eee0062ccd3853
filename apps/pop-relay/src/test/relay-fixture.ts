import { grpcPackages, relayV1alpha1 } from '@platform/contracts';
import { identitySlug, type WorkloadIdentity } from '@platform/pki';
import {
  createGrpcServiceClient,
  createLogger,
  startGrpcService,
  type RunningGrpcService,
  type ServiceConfig,
} from '@platform/platform-kit';
import {
  createTestPki,
  freePort,
  startRedisServer,
  type TestPki,
  type TestRedisServer,
  type TestWorkloadTls,
} from '@platform/testing';
import { PopRelayModule } from '../app/pop-relay.module';
import type { RelayConfig } from '../app/relay.config';

export const TEST_POP = 'aws-us-east-1';

export interface RelayFixtureOptions {
  backlogLimit?: number;
}

/**
 * A real redis-server (AOF on, as in production), a test CA, and the relay started in-process
 * over mutual TLS, exactly as main.ts starts it.
 */
export interface RelayFixture {
  pki: TestPki;
  redis: TestRedisServer;
  relay: RunningGrpcService;
  relayConfig: RelayConfig;
  /** A client that presents `identity`'s certificate, of the relay or of another replica. */
  client(identity: WorkloadIdentity, address?: string): Promise<relayV1alpha1.RelayServiceClient>;
  /** Another relay replica of the same PoP on the same Redis; stopped with the fixture. */
  startReplica(): Promise<RunningGrpcService>;
  stop(): Promise<void>;
}

export async function startRelayFixture(options: RelayFixtureOptions = {}): Promise<RelayFixture> {
  const pki = await createTestPki();
  const redis = await startRedisServer({ appendOnly: true });
  const relayTls = await pki.issue(pki.pop(TEST_POP, 'pop-relay'));
  const relayConfig: RelayConfig = {
    redisUrl: redis.url,
    pop: TEST_POP,
    backlogLimit: options.backlogLimit ?? 1000,
  };
  const clients = new Map<string, { client: relayV1alpha1.RelayServiceClient; close(): void }>();
  const replicas: RunningGrpcService[] = [];

  const fixture: RelayFixture = {
    pki,
    redis,
    relayConfig,
    relay: await startRelay(relayConfig, relayTls, pki.trustDomain),
    async client(identity, address = fixture.relay.address) {
      const key = `${address}/${identitySlug(identity)}`;
      let entry = clients.get(key);
      if (!entry) {
        entry = relayClient(address, await pki.issue(identity));
        clients.set(key, entry);
      }
      return entry.client;
    },
    async startReplica() {
      const replica = await startRelay(relayConfig, relayTls, pki.trustDomain);
      replicas.push(replica);
      return replica;
    },
    async stop() {
      for (const { close } of clients.values()) close();
      await Promise.all([fixture.relay, ...replicas].map((relay) => relay.stop()));
      await redis.remove();
      pki.remove();
    },
  };
  return fixture;
}

/** The relay in this process, as main.ts builds it, with its logs silenced. */
export async function startRelay(
  relayConfig: RelayConfig,
  tls: TestWorkloadTls,
  trustDomain: string,
): Promise<RunningGrpcService> {
  const config: ServiceConfig = {
    service: 'pop-relay',
    grpc: { host: '127.0.0.1', port: await freePort() },
    tls,
    trustDomain,
    logLevel: 'silent',
    shutdownGraceMs: 2_000,
  };
  return startGrpcService({
    config,
    module: PopRelayModule.forRoot(relayConfig),
    packages: [grpcPackages.relay],
    logger: createLogger('pop-relay', 'silent'),
  });
}

export function relayClient(
  address: string,
  tls: TestWorkloadTls,
): { client: relayV1alpha1.RelayServiceClient; close(): void } {
  return createGrpcServiceClient<relayV1alpha1.RelayServiceClient>({
    address,
    protoPackage: grpcPackages.relay,
    serviceName: relayV1alpha1.RELAY_SERVICE_NAME,
    tls,
  });
}
