import {
  ChannelCredentials,
  loadPackageDefinition,
  Metadata,
  status as GrpcStatus,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { healthV1, protoRoot } from '@platform/contracts';
import { createTestPki, freePort, type TestPki, type TestWorkloadTls } from '@platform/testing';
import { TLSSocket } from 'node:tls';
import { firstValueFrom } from 'rxjs';
import {
  callWhoAmI,
  whoAmIPackage,
  WhoAmIModule,
  type WhoAmIServiceClient,
} from '../../test/who-am-i.fixture';
import type { ServiceConfig } from '../config/service-config';
import { checkHealth } from '../health/check-health';
import { createLogger } from '../logging/create-logger';
import type { TlsMaterial } from '../tls/tls-material';
import { createGrpcServiceClient } from './grpc-service-client';
import { startGrpcService, type RunningGrpcService } from './start-grpc-service';

const ServingStatus = healthV1.HealthCheckResponse_ServingStatus;

describe('a platform gRPC server (mutual TLS)', () => {
  let pki: TestPki;
  let otherPki: TestPki;
  let serverTls: TestWorkloadTls;
  let server: RunningGrpcService;

  beforeAll(async () => {
    pki = await createTestPki('platform.test');
    otherPki = await createTestPki('platform.test');
    serverTls = await pki.issue(pki.pop('aws-us-east-1', 'pop-relay'));
  });

  async function startServer(shutdownGraceMs: number): Promise<RunningGrpcService> {
    const config: ServiceConfig = {
      service: 'test-service',
      grpc: { host: '127.0.0.1', port: await freePort() },
      tls: serverTls,
      trustDomain: pki.trustDomain,
      logLevel: 'silent',
      shutdownGraceMs,
    };
    return startGrpcService({
      config,
      module: WhoAmIModule,
      packages: [whoAmIPackage],
      logger: createLogger('test-service', 'silent'),
    });
  }

  beforeEach(async () => {
    server = await startServer(5_000);
  });

  afterEach(() => server.stop());

  afterAll(() => {
    pki.remove();
    otherPki.remove();
  });

  function whoAmI(tls: TlsMaterial, request: { delayMs?: number; failWith?: string } = {}) {
    return callWhoAmI(server.address, tls, request);
  }

  it('answers gRPC health to a client with a certificate from the platform CA', async () => {
    const client = await pki.issue(pki.central('control-plane'));

    await expect(checkHealth(server.address, client)).resolves.toBe(ServingStatus.SERVING);
    await expect(
      checkHealth(server.address, client, { service: 'platform.testing.v1.WhoAmIService' }),
    ).resolves.toBe(ServingStatus.SERVING);
  });

  it('reports NOT_FOUND for a service it does not host', async () => {
    const client = await pki.issue(pki.central('control-plane'));

    await expect(
      checkHealth(server.address, client, { service: 'platform.nope.v1.NopeService' }),
    ).rejects.toMatchObject({
      code: GrpcStatus.NOT_FOUND,
    });
  });

  it('refuses a plaintext client', async () => {
    const plaintext = await rawHealthCheck(server.address, ChannelCredentials.createInsecure());

    expect(plaintext.code).toBe(GrpcStatus.UNAVAILABLE);
  });

  it('refuses a TLS client that presents no certificate', async () => {
    const noClientCert = await rawHealthCheck(
      server.address,
      ChannelCredentials.createSsl(serverTls.ca),
    );

    expect(noClientCert.code).toBe(GrpcStatus.UNAVAILABLE);
  });

  it('refuses a client whose certificate comes from another CA', async () => {
    const stranger = await otherPki.issue(otherPki.central('control-plane'));
    const trustsOurCa = { ...stranger, ca: serverTls.ca };

    await expect(checkHealth(server.address, trustsOurCa)).rejects.toMatchObject({
      code: GrpcStatus.UNAVAILABLE,
    });
  });

  it('hands the caller identity from the certificate SAN to handlers', async () => {
    const agent = await pki.issue(pki.space('acme-prod'));
    const operator = await pki.issue(pki.operator('alice'));

    await expect(whoAmI(agent)).resolves.toEqual({
      tier: 'space',
      name: 'acme-prod',
      trustDomain: 'platform.test',
    });
    await expect(whoAmI(operator)).resolves.toEqual({
      tier: 'operator',
      name: 'alice',
      trustDomain: 'platform.test',
    });
  });

  it('reads the caller certificate once per connection, not once per call', async () => {
    const agent = await pki.issue(pki.space('acme-prod'));
    const other = await pki.issue(pki.space('globex'));
    const { client, close } = createGrpcServiceClient<WhoAmIServiceClient>({
      address: server.address,
      protoPackage: whoAmIPackage,
      serviceName: 'WhoAmIService',
      tls: agent,
    });
    const reads = jest.spyOn(TLSSocket.prototype, 'getPeerCertificate');
    try {
      await expect(firstValueFrom(client.whoAmI({}))).resolves.toMatchObject({ name: 'acme-prod' });
      expect(reads).toHaveBeenCalled();
      reads.mockClear();
      for (let call = 0; call < 4; call += 1) {
        await expect(firstValueFrom(client.whoAmI({}))).resolves.toMatchObject({
          name: 'acme-prod',
        });
      }
      expect(reads).not.toHaveBeenCalled();
      // Another connection with another certificate is read on its own, never mixed up.
      await expect(whoAmI(other)).resolves.toMatchObject({ tier: 'space', name: 'globex' });
      expect(reads).toHaveBeenCalled();
    } finally {
      reads.mockRestore();
      close();
    }
  });

  it('maps platform errors to gRPC status codes and hides internal ones', async () => {
    const client = await pki.issue(pki.central('control-plane'));

    await expect(whoAmI(client, { failWith: 'not-found' })).rejects.toMatchObject({
      code: GrpcStatus.NOT_FOUND,
      details: 'space "ghost" not found',
    });
    await expect(whoAmI(client, { failWith: 'conflict' })).rejects.toMatchObject({
      code: GrpcStatus.ABORTED,
    });
    await expect(whoAmI(client, { failWith: 'bug' })).rejects.toMatchObject({
      code: GrpcStatus.INTERNAL,
      details: 'internal error',
    });
  });

  it('cuts a call still open when the grace period is over, and still stops cleanly', async () => {
    const client = await pki.issue(pki.central('control-plane'));
    await server.stop();
    server = await startServer(300);
    const tooSlow = whoAmI(client, { delayMs: 5_000 }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));

    await expect(server.stop()).resolves.toBeUndefined();

    await expect(tooSlow).resolves.toMatchObject({ code: GrpcStatus.CANCELLED });
  });

  it('finishes an in-flight call on shutdown and refuses calls after it', async () => {
    const client = await pki.issue(pki.central('control-plane'));
    const slowCall = whoAmI(client, { delayMs: 500 });
    await new Promise((resolve) => setTimeout(resolve, 100));

    await server.stop();

    await expect(slowCall).resolves.toMatchObject({ name: 'control-plane' });
    await expect(checkHealth(server.address, client, { timeoutMs: 2_000 })).rejects.toBeDefined();
  });
});

/** A health call through a bare grpc-js client, for credentials the kit's client never builds. */
async function rawHealthCheck(
  address: string,
  credentials: ChannelCredentials,
): Promise<{ code: number }> {
  const definition = loadSync('grpc/health/v1/health.proto', { includeDirs: [protoRoot()] });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const Health = (loadPackageDefinition(definition) as any).grpc.health.v1.Health;
  const client = new Health(address, credentials);
  try {
    return await new Promise((resolve) =>
      client.check(
        { service: '' },
        new Metadata(),
        { deadline: Date.now() + 3_000 },
        (error: { code: number } | null) => resolve(error ?? { code: GrpcStatus.OK }),
      ),
    );
  } finally {
    client.close();
  }
}
