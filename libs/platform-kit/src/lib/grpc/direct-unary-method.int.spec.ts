import { status as GrpcStatus } from '@grpc/grpc-js';
import { createTestPki, freePort, type TestPki, type TestWorkloadTls } from '@platform/testing';
import {
  answerWhoAmI,
  callWhoAmI,
  whoAmIPackage,
  WhoAmIController,
  WhoAmIModule,
  type WhoAmIRequest,
} from '../../test/who-am-i.fixture';
import type { ServiceConfig } from '../config/service-config';
import { createLogger } from '../logging/create-logger';
import type { TlsMaterial } from '../tls/tls-material';
import type { DirectUnaryMethod } from './direct-unary-method';
import { startGrpcService, type RunningGrpcService } from './start-grpc-service';

const WHO_AM_I = { service: 'platform.testing.v1.WhoAmIService', method: 'WhoAmI' };

describe('a unary method served directly by grpc-js (outside NestJS)', () => {
  let pki: TestPki;
  let serverTls: TestWorkloadTls;
  let server: RunningGrpcService | undefined;
  const viaNest = jest.spyOn(WhoAmIController.prototype, 'whoAmI');

  beforeAll(async () => {
    pki = await createTestPki('platform.test');
    serverTls = await pki.issue(pki.pop('aws-us-east-1', 'pop-relay'));
  });

  afterEach(async () => {
    await server?.stop();
    server = undefined;
    viaNest.mockClear();
  });

  afterAll(() => {
    viaNest.mockRestore();
    pki.remove();
  });

  async function start(
    directMethods: readonly DirectUnaryMethod[],
    trustDomain = pki.trustDomain,
  ): Promise<RunningGrpcService> {
    const config: ServiceConfig = {
      service: 'test-service',
      grpc: { host: '127.0.0.1', port: await freePort() },
      tls: serverTls,
      trustDomain,
      logLevel: 'silent',
      shutdownGraceMs: 2_000,
    };
    return startGrpcService({
      config,
      module: WhoAmIModule,
      packages: [whoAmIPackage],
      logger: createLogger('test-service', 'silent'),
      handleSignals: false,
      directMethods: () => directMethods,
    });
  }

  function whoAmI(tls: TlsMaterial, request: Partial<WhoAmIRequest> = {}) {
    if (!server) throw new Error('no server');
    return callWhoAmI(server.address, tls, request);
  }

  it('answers instead of the NestJS handler, with the caller from the client certificate', async () => {
    const calls: string[] = [];
    server = await start([
      {
        ...WHO_AM_I,
        handle: (caller, request: WhoAmIRequest) => {
          calls.push(caller.tier);
          return answerWhoAmI(caller, request);
        },
      },
    ]);
    const agent = await pki.issue(pki.space('acme-prod'));

    await expect(whoAmI(agent)).resolves.toEqual({
      tier: 'space',
      name: 'acme-prod',
      trustDomain: 'platform.test',
    });
    expect(calls).toEqual(['space']);
    expect(viaNest).not.toHaveBeenCalled();
  });

  it('sends the same gRPC statuses as the NestJS error filter, hiding internal errors', async () => {
    server = await start([{ ...WHO_AM_I, handle: answerWhoAmI }]);
    const central = await pki.issue(pki.central('control-plane'));

    await expect(whoAmI(central, { failWith: 'not-found' })).rejects.toMatchObject({
      code: GrpcStatus.NOT_FOUND,
      details: 'space "ghost" not found',
    });
    await expect(whoAmI(central, { failWith: 'bug' })).rejects.toMatchObject({
      code: GrpcStatus.INTERNAL,
      details: 'internal error',
    });
  });

  it('refuses a caller whose certificate names no platform workload, before the handler runs', async () => {
    const handle = jest.fn(answerWhoAmI);
    // A server of another trust domain: the client's SPIFFE ID is valid but not one of its own.
    server = await start([{ ...WHO_AM_I, handle }], 'elsewhere.test');
    const agent = await pki.issue(pki.space('acme-prod'));

    await expect(whoAmI(agent)).rejects.toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
    expect(handle).not.toHaveBeenCalled();
  });

  it('refuses to start when a direct method is not a unary method the server serves', async () => {
    await expect(
      start([{ service: WHO_AM_I.service, method: 'WhoAreYou', handle: answerWhoAmI }]),
    ).rejects.toThrow('platform.testing.v1.WhoAmIService/WhoAreYou is not a unary method');
  });
});
