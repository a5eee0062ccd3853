import { status as GrpcStatus } from '@grpc/grpc-js';
import { botDetectionV1alpha1 } from '@platform/contracts';
import type { WorkloadIdentity } from '@platform/pki';
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
import {
  blockSignature,
  botDetectionClient,
  checkRequest,
  importSignatures,
  TEST_POP,
  TEST_USER_KEY,
  type BotDetectionClient,
} from '../test/bot-detection-fixture';

const ENTRY = 'apps/bot-detection/src/main.ts';
const SPACE = 'acme-prod';
const { Action } = botDetectionV1alpha1;

interface Replica {
  name: string;
  grpcAddress: string;
  metricsUrl: string;
  env: Record<string, string>;
  process?: ServiceProcess;
}

describe('bot-detection replicas (real processes, one real Redis)', () => {
  let pki: TestPki;
  let redis: TestRedisServer;
  let replicas: Replica[];
  const closers: (() => void)[] = [];

  beforeAll(async () => {
    pki = await createTestPki();
    redis = await startRedisServer({ appendOnly: true });
    const tls = await pki.issue(pki.pop(TEST_POP, 'bot-detection'));
    replicas = [];
    for (const name of ['a', 'b']) {
      const [grpcPort, httpPort] = [await freePort(), await freePort()];
      replicas.push({
        name,
        grpcAddress: `127.0.0.1:${grpcPort}`,
        metricsUrl: `http://127.0.0.1:${httpPort}/metrics`,
        env: {
          PLATFORM_GRPC_PORT: String(grpcPort),
          PLATFORM_TLS_CA_FILE: tls.caFile,
          PLATFORM_TLS_CERT_FILE: tls.certFile,
          PLATFORM_TLS_KEY_FILE: tls.keyFile,
          PLATFORM_TRUST_DOMAIN: pki.trustDomain,
          PLATFORM_REDIS_URL: redis.url,
          PLATFORM_POP: TEST_POP,
          PLATFORM_BOT_DETECTION_SPACES: `${SPACE},globex-prod`,
          PLATFORM_BOT_DETECTION_USER_KEY: TEST_USER_KEY,
          PLATFORM_HTTP_PORT: String(httpPort),
          PLATFORM_SHUTDOWN_GRACE_MS: '2000',
        },
      });
    }
    await Promise.all(replicas.map(start));
  });

  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });

  afterAll(async () => {
    for (const replica of replicas ?? []) replica.process?.child.kill('SIGKILL');
    await redis?.remove();
    pki?.remove();
  });

  async function start(replica: Replica): Promise<void> {
    const service = spawnService(ENTRY, replica.env);
    replica.process = service;
    const operator = await pki.issue(pki.operator('ci'));
    const exitedEarly = service.exited.then((code) => {
      throw new Error(
        `replica ${replica.name} exited (${code}) before serving:\n${service.output()}`,
      );
    });
    exitedEarly.catch(() => undefined);
    await Promise.race([
      eventually(
        () => checkHealth(replica.grpcAddress, operator, { timeoutMs: 1_000 }),
        30_000,
        200,
      ),
      exitedEarly,
    ]);
  }

  async function client(replica: Replica, identity: WorkloadIdentity): Promise<BotDetectionClient> {
    const { client: created, close } = botDetectionClient(
      replica.grpcAddress,
      await pki.issue(identity),
    );
    closers.push(close);
    return created;
  }

  async function scrape(replica: Replica, metric: string): Promise<number> {
    const text = await (await fetch(replica.metricsUrl)).text();
    const line = text.split('\n').find((l) => l.startsWith(metric));
    return line ? Number(line.split(' ').pop()) : NaN;
  }

  /** Polls until the replica's Check gives `action`; returns how long it took. */
  async function until(
    agent: BotDetectionClient,
    ip: string,
    action: botDetectionV1alpha1.Action,
    timeoutMs: number,
  ) {
    const started = Date.now();
    for (;;) {
      const verdict = await firstValueFrom(agent.check(checkRequest({ ip, hashedUserId: '' })));
      if (verdict.action === action) return Date.now() - started;
      if (Date.now() - started > timeoutMs)
        throw new Error(`${ip} still ${verdict.action} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('enforces on one replica, within 1 s, a signature imported through the other', async () => {
    const [a, b] = replicas;
    const central = await client(a, pki.central('control-plane'));
    const agentOnB = await client(b, pki.space(SPACE));
    await expect(
      until(agentOnB, '198.51.100.10', Action.ACTION_ALLOW, 1_000),
    ).resolves.toBeLessThan(1_000);

    const result = await importSignatures(central, [
      blockSignature('scanner-1', '198.51.100.0/24'),
    ]);
    expect(result).toEqual({ imported: 1, rejected: 0, rejections: [] });
    await expect(
      until(agentOnB, '198.51.100.10', Action.ACTION_BLOCK, 1_000),
    ).resolves.toBeLessThan(1_000);

    await firstValueFrom(central.removeSignatures({ ids: ['scanner-1'] }));
    await expect(
      until(agentOnB, '198.51.100.10', Action.ACTION_ALLOW, 1_000),
    ).resolves.toBeLessThan(1_000);
  });

  it("enforces on one replica, within 1 s, a Space's rules set through the other", async () => {
    const [a, b] = replicas;
    const central = await client(a, pki.central('control-plane'));
    const agentOnB = await client(b, pki.space(SPACE));
    let probe = 0;
    /** Two signups from a new IP: the second is throttled only under a budget of one a minute. */
    const secondSignup = async () => {
      probe++;
      const ip = `198.18.200.${probe}`;
      const signup = () =>
        firstValueFrom(
          agentOnB.check(
            checkRequest({
              ip,
              event: botDetectionV1alpha1.AuthEvent.AUTH_EVENT_SIGNUP,
              hashedUserId: '',
            }),
          ),
        );
      await signup();
      return (await signup()).action;
    };
    await expect(secondSignup()).resolves.toBe(Action.ACTION_ALLOW);

    const set = await firstValueFrom(
      central.setSpaceRules({
        space: SPACE,
        rules: { signup: { enabled: true, maxSignupsPerMinute: 1 } },
      }),
    );
    expect(set.rules?.signup).toEqual({ enabled: true, maxSignupsPerMinute: 1 });
    const started = Date.now();
    while ((await secondSignup()) !== Action.ACTION_THROTTLE) {
      if (Date.now() - started > 1_000)
        throw new Error('replica b still on the default signup budget after 1 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const operatorOnB = await client(b, pki.operator('oncall'));
    await expect(
      firstValueFrom(operatorOnB.getSpaceRules({ space: SPACE })),
    ).resolves.toMatchObject({
      customized: true,
      rules: { signup: { maxSignupsPerMinute: 1 } },
    });
    await firstValueFrom(central.setSpaceRules({ space: SPACE, rules: {} }));
  });

  it('catches up when a replica is killed in the middle of an import and started again', async () => {
    const [a, b] = replicas;
    const central = await client(a, pki.central('control-plane'));
    const signatures = Array.from({ length: 30_000 }, (_, i) =>
      blockSignature(`bulk-${i}`, `10.${Math.floor(i / 256) % 256}.${i % 256}.0/24`),
    );
    const importing = importSignatures(central, signatures);
    await new Promise((resolve) => setTimeout(resolve, 150));
    b.process?.child.kill('SIGKILL');
    await b.process?.exited;
    await expect(importing).resolves.toMatchObject({ imported: 30_000, rejected: 0 });
    await firstValueFrom(central.removeSignatures({ ids: ['bulk-0'] }));

    await start(b);
    const agentOnB = await client(b, pki.space(SPACE));
    await until(agentOnB, '10.116.47.9', Action.ACTION_BLOCK, 5_000); // bulk-29999
    await until(agentOnB, '10.0.0.9', Action.ACTION_ALLOW, 1_000); // bulk-0, removed
    await expect(scrape(b, 'bot_detection_signatures_loaded')).resolves.toBe(29_999);
  });

  it('keeps answering from memory while Redis is down, counts degraded checks, and resumes when it is back', async () => {
    const [a, b] = replicas;
    const central = await client(a, pki.central('control-plane'));
    const agentOnA = await client(a, pki.space(SPACE));
    await importSignatures(central, [blockSignature('tor-exit', '185.220.101.0/24')]);
    await until(agentOnA, '185.220.101.4', Action.ACTION_BLOCK, 1_000);
    const degradedBefore = await scrape(
      a,
      'bot_detection_degraded_checks_total{cause="unreachable"}',
    );

    await redis.stop();
    const started = Date.now();
    await expect(
      firstValueFrom(agentOnA.check(checkRequest({ ip: '185.220.101.4' }))),
    ).resolves.toMatchObject({
      action: Action.ACTION_BLOCK,
      signatureIds: ['tor-exit'],
    });
    await expect(
      firstValueFrom(agentOnA.check(checkRequest({ ip: '192.0.2.50' }))),
    ).resolves.toMatchObject({
      action: Action.ACTION_ALLOW,
    });
    expect(Date.now() - started).toBeLessThan(500);
    await expect(
      scrape(a, 'bot_detection_degraded_checks_total{cause="unreachable"}'),
    ).resolves.toBeGreaterThan(degradedBefore);
    await expect(
      importSignatures(central, [blockSignature('while-down', '203.0.113.0/24')]),
    ).rejects.toMatchObject({ code: GrpcStatus.UNAVAILABLE });

    await redis.restart();
    const agentOnB = await client(b, pki.space(SPACE));
    await eventually(
      () => importSignatures(central, [blockSignature('after-outage', '203.0.113.0/24')]),
      10_000,
      200,
    );
    await until(agentOnB, '203.0.113.7', Action.ACTION_BLOCK, 5_000);
    await until(agentOnB, '185.220.101.4', Action.ACTION_BLOCK, 1_000);
  });

  describe('refuses bad input and the wrong callers', () => {
    it.each([
      [
        'a malformed IP',
        { ip: '300.1.2.3' },
        'ip: expected an IPv4 (dotted decimal) or IPv6 address',
      ],
      [
        'an IPv6 zone',
        { ip: 'fe80::1%eth0' },
        'ip: expected an IPv4 (dotted decimal) or IPv6 address',
      ],
      [
        'an oversized user agent',
        { userAgent: 'x'.repeat(1025) },
        'user_agent: is longer than 1024 characters',
      ],
      [
        'a user id in clear',
        { hashedUserId: 'alice@example.com' },
        'hashed_user_id: expected 64 lowercase hex characters',
      ],
      [
        'no event',
        { event: botDetectionV1alpha1.AuthEvent.AUTH_EVENT_UNSPECIFIED },
        'event: expected AUTH_EVENT_LOGIN',
      ],
    ])('INVALID_ARGUMENT for %s', async (_, overrides, message) => {
      const agent = await client(replicas[0], pki.space(SPACE));
      await expect(firstValueFrom(agent.check(checkRequest(overrides)))).rejects.toMatchObject({
        code: GrpcStatus.INVALID_ARGUMENT,
        details: expect.stringContaining(message),
      });
    });

    it('NOT_FOUND for a Space this PoP does not host', async () => {
      const agent = await client(replicas[0], pki.space('initech-prod'));
      await expect(
        firstValueFrom(agent.check(checkRequest({ space: 'initech-prod' }))),
      ).rejects.toMatchObject({
        code: GrpcStatus.NOT_FOUND,
      });
    });

    it('PERMISSION_DENIED for a Space asking about another Space, and for other PoP services', async () => {
      const acme = await client(replicas[0], pki.space(SPACE));
      await expect(
        firstValueFrom(acme.check(checkRequest({ space: 'globex-prod' }))),
      ).rejects.toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
      });
      const relay = await client(replicas[0], pki.pop(TEST_POP, 'pop-relay'));
      await expect(firstValueFrom(relay.check(checkRequest()))).rejects.toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
      });
    });

    it('PERMISSION_DENIED for signature management by anyone but Central and operators', async () => {
      const acme = await client(replicas[0], pki.space(SPACE));
      await expect(
        importSignatures(acme, [blockSignature('x', '192.0.2.0/24')]),
      ).rejects.toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
      });
      await expect(firstValueFrom(acme.removeSignatures({ ids: ['x'] }))).rejects.toMatchObject({
        code: GrpcStatus.PERMISSION_DENIED,
      });
      const operator = await client(replicas[0], pki.operator('oncall'));
      await expect(
        importSignatures(operator, [blockSignature('op-1', '192.0.2.0/24')]),
      ).resolves.toMatchObject({ imported: 1 });
    });

    it('skips invalid signatures in an import, naming the field, and stores the rest', async () => {
      const central = await client(replicas[0], pki.central('control-plane'));
      const result = await importSignatures(central, [
        blockSignature('ok-1', '2001:db8:1::/48'),
        blockSignature('bad-1', '2001:db8::1/48'),
        { ...blockSignature('bad-2', '192.0.2.0/24'), action: Action.ACTION_ALLOW },
      ]);
      expect(result).toEqual({
        imported: 1,
        rejected: 2,
        rejections: [
          {
            signatureId: 'bad-1',
            problem: 'ip_range: not an IP address or CIDR range with its host bits zero',
          },
          {
            signatureId: 'bad-2',
            problem: 'action: expected one of ACTION_CHALLENGE, ACTION_THROTTLE, ACTION_BLOCK',
          },
        ],
      });
    });

    it('INVALID_ARGUMENT for a message of more than 1000 signatures', async () => {
      const central = await client(replicas[0], pki.central('control-plane'));
      const many = Array.from({ length: 1001 }, (_, i) => blockSignature(`m-${i}`, '192.0.2.0/24'));
      await expect(importSignatures(central, many, 1001)).rejects.toMatchObject({
        code: GrpcStatus.INVALID_ARGUMENT,
        details: expect.stringContaining('signatures:'),
      });
    });
  });
});
