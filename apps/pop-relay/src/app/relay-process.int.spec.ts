import { status as GrpcStatus } from '@grpc/grpc-js';
import { healthV1, relayV1alpha1 } from '@platform/contracts';
import { checkHealth } from '@platform/platform-kit';
import {
  createTestPki,
  eventually,
  freePort,
  spawnService,
  startRedisServer,
  type ServiceProcess,
  type TestPki,
  type TestRedisServer,
} from '@platform/testing';
import { firstValueFrom } from 'rxjs';
import { newDirectiveId, signedDirective } from '../test/directives';
import { relayClient, TEST_POP } from '../test/relay-fixture';
import { openSubscription } from '../test/subscription-probe';

const ENTRY = 'apps/pop-relay/src/main.ts';
const SPACE = 'acme-prod';

describe('the pop-relay process', () => {
  let pki: TestPki;
  let redis: TestRedisServer;
  let env: Record<string, string>;
  let address: string;
  const processes: ServiceProcess[] = [];
  const closers: (() => void)[] = [];

  beforeAll(async () => {
    pki = await createTestPki();
    redis = await startRedisServer({ appendOnly: true });
    const tls = await pki.issue(pki.pop(TEST_POP, 'pop-relay'));
    const port = await freePort();
    address = `127.0.0.1:${port}`;
    env = {
      PLATFORM_GRPC_PORT: String(port),
      PLATFORM_TLS_CA_FILE: tls.caFile,
      PLATFORM_TLS_CERT_FILE: tls.certFile,
      PLATFORM_TLS_KEY_FILE: tls.keyFile,
      PLATFORM_TRUST_DOMAIN: pki.trustDomain,
      PLATFORM_REDIS_URL: redis.url,
      PLATFORM_POP: TEST_POP,
      // Long on purpose: a stop that waited for it would fail the SIGTERM test's time bound.
      PLATFORM_SHUTDOWN_GRACE_MS: '30000',
    };
  });

  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });

  afterAll(async () => {
    for (const service of processes) service.child.kill('SIGKILL');
    await redis.remove();
    pki.remove();
  });

  async function startRelayProcess(): Promise<ServiceProcess> {
    const service = spawnService(ENTRY, env);
    processes.push(service);
    const operator = await pki.issue(pki.operator('ci'));
    const exitedEarly = service.exited.then((code) => {
      throw new Error(`pop-relay exited (${code}) before serving:\n${service.output()}`);
    });
    // Handled here so a later, expected exit is no unhandled rejection; the race still sees it.
    exitedEarly.catch(() => undefined);
    await Promise.race([
      eventually(() => checkHealth(address, operator, { timeoutMs: 1_000 }), 20_000, 200),
      exitedEarly,
    ]);
    return service;
  }

  async function client(identity: Parameters<TestPki['issue']>[0]) {
    const { client: relay, close } = relayClient(address, await pki.issue(identity));
    closers.push(close);
    return relay;
  }

  it('loses nothing when it is killed with SIGKILL and started again', async () => {
    const first = await startRelayProcess();
    const central = await client(pki.central('control-plane'));
    const ids = [newDirectiveId(), newDirectiveId(), newDirectiveId(), newDirectiveId()];
    for (const id of ids) {
      await firstValueFrom(central.publish({ directive: signedDirective({ id, space: SPACE }) }));
    }
    const agent = await client(pki.space(SPACE));
    const stream = openSubscription(agent, { space: SPACE });
    await expect(stream.waitFor(4)).resolves.toEqual(ids);
    await firstValueFrom(
      agent.acknowledge({
        directiveId: ids[1],
        outcome: relayV1alpha1.AckOutcome.ACK_OUTCOME_APPLIED,
        rejectReason: relayV1alpha1.RejectReason.REJECT_REASON_UNSPECIFIED,
      }),
    );

    first.child.kill('SIGKILL');
    await first.exited;
    await expect(stream.ended).resolves.toMatchObject({ code: GrpcStatus.UNAVAILABLE });
    const second = await startRelayProcess();

    const resumed = openSubscription(await client(pki.space(SPACE)), { space: SPACE });
    closers.push(() => resumed.cancel());
    await expect(resumed.waitFor(2)).resolves.toEqual([ids[2], ids[3]]);
    const status = await firstValueFrom(
      (await client(pki.central('control-plane'))).getDeliveryStatus({
        space: SPACE,
        pageSize: 0,
        pageToken: '',
      }),
    );
    expect(status.spaces[0]).toMatchObject({
      backlog: 2,
      lastPublishedId: ids[3],
      lastAcknowledgedId: ids[1],
      connected: true,
    });

    resumed.cancel();
    const code = await second.stop();
    // The output comes along so a failure shows what the relay said while stopping.
    expect({ code, output: second.output() }).toMatchObject({ code: 0 });
    // Two process starts from TypeScript source: slow on a loaded machine.
  }, 60_000);

  it('ends open streams with UNAVAILABLE on SIGTERM and exits 0 without waiting out the grace period', async () => {
    const service = await startRelayProcess();
    const stream = openSubscription(await client(pki.space('globex-dev')), {
      space: 'globex-dev',
    });
    await eventually(async () => {
      const status = await firstValueFrom(
        (await client(pki.operator('ops'))).getDeliveryStatus({
          space: 'globex-dev',
          pageSize: 0,
          pageToken: '',
        }),
      );
      if (!status.spaces[0]?.connected) throw new Error('not connected yet');
    }, 30_000);

    const stopping = Date.now();
    const code = await service.stop();

    expect({ code, output: service.output() }).toMatchObject({ code: 0 });
    expect(Date.now() - stopping).toBeLessThan(10_000);
    await expect(stream.ended).resolves.toMatchObject({ code: GrpcStatus.UNAVAILABLE });
    expect(service.output()).toContain('"msg":"stopped"');
    for (const line of service.output().trim().split('\n')) {
      expect(JSON.parse(line)).toMatchObject({ service: 'pop-relay' });
    }
  });

  it.each([
    [{ PLATFORM_REDIS_URL: undefined }, 'PLATFORM_REDIS_URL: is required'],
    [
      { PLATFORM_REDIS_URL: 'http://redis:6379' },
      'PLATFORM_REDIS_URL: expected a redis:// or rediss:// URL',
    ],
    [{ PLATFORM_POP: undefined }, 'PLATFORM_POP: is required'],
    [
      { PLATFORM_RELAY_BACKLOG_LIMIT: '0' },
      'PLATFORM_RELAY_BACKLOG_LIMIT: expected a backlog limit from 1 to 100000',
    ],
  ])('refuses to start with %p, in one line naming the variable', async (change, message) => {
    const broken = spawnService(ENTRY, withChanges(env, change));

    await expect(broken.exited).resolves.toBe(1);
    expect(broken.output()).toBe(`pop-relay: invalid configuration: ${message}\n`);
  });

  it('names a PoP that is not a DNS label', async () => {
    const broken = spawnService(ENTRY, { ...env, PLATFORM_POP: 'AWS_us_east' });

    await expect(broken.exited).resolves.toBe(1);
    expect(broken.output()).toBe(
      'pop-relay: invalid configuration: PLATFORM_POP: expected a DNS label (lowercase letters, digits and "-", at most 63 characters), got "AWS_us_east"\n',
    );
  });

  it('serves gRPC health while its Redis is unreachable', async () => {
    const unreachable = `redis://127.0.0.1:${await freePort()}`;
    const service = spawnService(ENTRY, { ...env, PLATFORM_REDIS_URL: unreachable });
    processes.push(service);
    const operator = await pki.issue(pki.operator('ci'));

    await expect(
      eventually(() => checkHealth(address, operator, { timeoutMs: 1_000 }), 30_000, 200),
    ).resolves.toBe(healthV1.HealthCheckResponse_ServingStatus.SERVING);
    const central = await client(pki.central('control-plane'));
    await expect(
      firstValueFrom(
        central.publish({ directive: signedDirective({ id: newDirectiveId(), space: SPACE }) }),
      ),
    ).rejects.toMatchObject({ code: GrpcStatus.UNAVAILABLE });
    await expect(service.stop()).resolves.toBe(0);
  });
});

function withChanges(
  base: Record<string, string>,
  changes: Record<string, string | undefined>,
): Record<string, string> {
  const result = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}
