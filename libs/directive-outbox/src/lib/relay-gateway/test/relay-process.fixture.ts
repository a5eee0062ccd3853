import { grpcPackages, relayV1alpha1 } from '@platform/contracts';
import { createGrpcServiceClient, type GrpcServiceClient } from '@platform/platform-kit';
import {
  createTestPki,
  eventually,
  freePort,
  spawnService,
  startRedisServer,
  type ServiceProcess,
  type TestPki,
  type TestRedisServer,
  type TestWorkloadTls,
} from '@platform/testing';
import { firstValueFrom } from 'rxjs';
import type { RelayGatewayTls } from '../grpc-relay.gateway';

export const TEST_POP = 'aws-us-east-1';

/**
 * A real redis-server (AOF on) and a real pop-relay process over mutual TLS that can be stopped
 * and started again on the same port, plus the control plane's certificate.
 */
export interface RelayProcessFixture {
  pki: TestPki;
  redis: TestRedisServer;
  relayAddress: string;
  /** The control plane's workload certificate, as the gateway takes it. */
  centralTls: RelayGatewayTls;
  startRelay(): Promise<void>;
  stopRelay(): Promise<void>;
  /** A relay client with the certificate of `space`'s agent. */
  spaceClient(space: string): Promise<relayV1alpha1.RelayServiceClient>;
  /** The relay's delivery status of `space`, read with Central's certificate. */
  deliveryStatus(space: string): Promise<relayV1alpha1.SpaceDeliveryStatus | undefined>;
  stop(): Promise<void>;
}

export async function startRelayProcessFixture(): Promise<RelayProcessFixture> {
  const pki = await createTestPki();
  const redis = await startRedisServer({ appendOnly: true });
  const relayAddress = `127.0.0.1:${await freePort()}`;
  const relayTls = await pki.issue(pki.pop(TEST_POP, 'pop-relay'));
  const central = await pki.issue(pki.central('control-plane'));
  const clients: GrpcServiceClient<relayV1alpha1.RelayServiceClient>[] = [];
  const clientWith = (tls: TestWorkloadTls) => {
    const created = createGrpcServiceClient<relayV1alpha1.RelayServiceClient>({
      address: relayAddress,
      protoPackage: grpcPackages.relay,
      serviceName: relayV1alpha1.RELAY_SERVICE_NAME,
      tls,
    });
    clients.push(created);
    return created.client;
  };
  const centralClient = clientWith(central);
  let relay: ServiceProcess | undefined;

  const fixture: RelayProcessFixture = {
    pki,
    redis,
    relayAddress,
    centralTls: { caCertPem: central.ca, certPem: central.cert, keyPem: central.key },
    async startRelay() {
      const started = spawnService('apps/pop-relay/src/main.ts', {
        PLATFORM_GRPC_PORT: relayAddress.split(':')[1] ?? '',
        PLATFORM_TLS_CA_FILE: relayTls.caFile,
        PLATFORM_TLS_CERT_FILE: relayTls.certFile,
        PLATFORM_TLS_KEY_FILE: relayTls.keyFile,
        PLATFORM_TRUST_DOMAIN: pki.trustDomain,
        PLATFORM_REDIS_URL: redis.url,
        PLATFORM_POP: TEST_POP,
        PLATFORM_LOG_LEVEL: 'warn',
        PLATFORM_SHUTDOWN_GRACE_MS: '500',
      });
      relay = started;
      await eventually(
        async () => {
          if (started.child.exitCode !== null) throw new Error(`relay exited: ${started.output()}`);
          await firstValueFrom(
            centralClient.getDeliveryStatus({ space: '', pageSize: 1, pageToken: '' }),
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
    async spaceClient(space) {
      return clientWith(await pki.issue(pki.space(space)));
    },
    async deliveryStatus(space) {
      const response = await firstValueFrom(
        centralClient.getDeliveryStatus({ space, pageSize: 0, pageToken: '' }),
      );
      return response.spaces[0];
    },
    async stop() {
      await fixture.stopRelay();
      for (const client of clients) client.close();
      await redis.remove();
      pki.remove();
    },
  };
  await fixture.startRelay();
  return fixture;
}
