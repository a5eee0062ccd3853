import { botDetectionV1alpha1 as bd, grpcPackages } from '@platform/contracts';
import { checkHealth, createGrpcServiceClient } from '@platform/platform-kit';
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
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { stringify } from 'yaml';

const repositoryRoot = join(__dirname, '..', '..', '..', '..', '..');
const POP = 'aws-us-east-1';
const SPACE = 'acme-prod';

/** The real CLI, as an operator runs it: `tools/bin/platformctl.cjs`, its own process. */
function platformctl(args: string[], cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(repositoryRoot, 'tools/bin/platformctl.cjs'), ...args],
      { cwd, env: { PATH: process.env['PATH'] ?? '', HOME: cwd } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * A feed of 3000 lines: 2990 good ones (one of them a /24 the test checks), 6 that platformctl
 * cannot read, and 4 that only the service can tell are wrong (a bad address, an expiry in the
 * past).
 */
function writeFeed(path: string): { malformedLines: number[]; refusedLines: number[] } {
  const signature = (value: string, extra: object = {}) =>
    JSON.stringify({
      kind: 'ip',
      value,
      category: 'abuse',
      action: 'block',
      source: 'feed-int',
      ...extra,
    });
  const lines = Array.from({ length: 3000 }, (_, n) => signature(`10.20.${n >> 8}.${n & 255}`));
  lines[0] = signature('203.0.113.0/24');
  const malformedLines = [12, 500, 1001, 1002, 2222, 3000];
  const malformed = [
    '{"kind":"ip",',
    signature('10.99.0.1', { action: 'allow' }),
    signature('10.99.0.2', { colour: 'red' }),
    'null',
    signature('10.99.0.3', { expiresAt: 'tomorrow' }),
    JSON.stringify({ kind: 'ip', value: '10.99.0.4', category: 'bot', action: 'block' }),
  ];
  malformedLines.forEach((line, index) => (lines[line - 1] = malformed[index] ?? ''));
  const refusedLines = [77, 1500, 2001, 2999];
  refusedLines.forEach(
    (line, index) =>
      (lines[line - 1] =
        index === 3
          ? signature('10.98.0.1', { expiresAt: '2001-01-01T00:00:00Z' })
          : signature(`999.0.0.${index}`)),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { malformedLines, refusedLines };
}

describe('platformctl bot-detection against the real service', () => {
  let pki: TestPki;
  let redis: TestRedisServer;
  let service: ServiceProcess;
  let dir: TempDir;
  let grpcAddress: string;

  beforeAll(async () => {
    pki = await createTestPki();
    redis = await startRedisServer();
    dir = createTempDir('platformctl-bd');
    const tls = await pki.issue(pki.pop(POP, 'bot-detection'));
    const [grpcPort, httpPort] = [await freePort(), await freePort()];
    grpcAddress = `127.0.0.1:${grpcPort}`;
    service = spawnService('apps/bot-detection/src/main.ts', {
      PLATFORM_GRPC_PORT: String(grpcPort),
      PLATFORM_TLS_CA_FILE: tls.caFile,
      PLATFORM_TLS_CERT_FILE: tls.certFile,
      PLATFORM_TLS_KEY_FILE: tls.keyFile,
      PLATFORM_TRUST_DOMAIN: pki.trustDomain,
      PLATFORM_REDIS_URL: redis.url,
      PLATFORM_POP: POP,
      PLATFORM_BOT_DETECTION_SPACES: SPACE,
      PLATFORM_BOT_DETECTION_USER_KEY: 'test-only-user-key-0123456789abcdef',
      PLATFORM_HTTP_PORT: String(httpPort),
      PLATFORM_SHUTDOWN_GRACE_MS: '2000',
    });
    const operator = await pki.issue(pki.operator('ci'));
    writeFileSync(
      join(dir.path, 'platformctl.yaml'),
      stringify({
        // Required by the file's format; these commands never call it.
        controlPlane: '127.0.0.1:1',
        botDetection: { [POP]: grpcAddress },
        tls: { ca: operator.caFile, cert: operator.certFile, key: operator.keyFile },
      }),
    );
    const exited = service.exited.then((code) => {
      throw new Error(`bot-detection exited (${code}) before serving:\n${service.output()}`);
    });
    exited.catch(() => undefined);
    await Promise.race([
      eventually(() => checkHealth(grpcAddress, operator, { timeoutMs: 1_000 }), 20_000, 200),
      exited,
    ]);
  }, 30_000);

  afterAll(async () => {
    await service?.stop();
    await redis?.remove();
    pki?.remove();
    dir?.remove();
  });

  it('imports a file with bad lines, reports them, and the service enforces what it took', async () => {
    const { malformedLines, refusedLines } = writeFeed(join(dir.path, 'feed.jsonl'));
    const config = ['--config', join(dir.path, 'platformctl.yaml')];

    const imported = await platformctl(
      [...config, 'bot-detection', 'signatures', 'import', 'feed.jsonl', '--pop', POP],
      dir.path,
    );

    expect(imported.code).toBe(1);
    expect(imported.stdout).toMatch(
      /^Imported 2990 of 3000 signatures from feed\.jsonl into aws-us-east-1 in [\d.]+ s \(\d+ lines\/s\)\.\n/,
    );
    expect(imported.stdout).toContain(
      [
        'lines:     3000',
        'sent:      2994',
        'accepted:  2990',
        'rejected:  10 (6 malformed lines, 4 refused by the service)',
        'Problems:',
        '  line 12: not valid JSON',
      ].join('\n'),
    );
    const reported = [...imported.stdout.matchAll(/^ {2}line (\d+)/gm)].map((match) =>
      Number(match[1]),
    );
    expect(reported).toEqual(
      [...malformedLines, ...refusedLines].sort((a, b) => a - b).slice(0, 5),
    );
    expect(imported.stdout).toContain('line 77 (ip:999.0.0.0): ip_range:');
    // Progress goes to stderr (one line a second without a terminal), with the outcome last.
    expect(imported.stderr).toContain('Importing signatures from feed.jsonl into aws-us-east-1');
    expect(imported.stderr).toContain(
      'Imported signatures into aws-us-east-1: 2990 accepted, 10 rejected',
    );

    const space = createGrpcServiceClient<bd.BotDetectionServiceClient>({
      address: grpcAddress,
      protoPackage: grpcPackages.botDetection,
      serviceName: bd.BOT_DETECTION_SERVICE_NAME,
      tls: await pki.issue(pki.space(SPACE)),
    });
    try {
      const verdict = await eventually(async () => {
        const answer = await firstValueFrom(
          space.client.check({
            space: SPACE,
            event: bd.AuthEvent.AUTH_EVENT_LOGIN,
            ip: '203.0.113.9',
            userAgent: 'Mozilla/5.0',
            hashedUserId: '',
            fingerprintHash: '',
          }),
        );
        if (answer.action !== bd.Action.ACTION_BLOCK) throw new Error(`got ${answer.action}`);
        return answer;
      }, 5_000);
      expect(verdict.signatureIds).toEqual(['ip:203.0.113.0/24']);
    } finally {
      space.close();
    }

    const stats = await platformctl(
      [...config, 'bd', 'stats', '--pop', POP, '-o', 'json'],
      dir.path,
    );

    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({
      pop: POP,
      space: '*',
      activeSignatures: 2990,
    });
  });

  it("sets a Space's rate rules and reads them back", async () => {
    const config = ['--config', join(dir.path, 'platformctl.yaml')];

    const set = await platformctl(
      [
        ...config,
        'bd',
        'rules',
        'set',
        SPACE,
        '--pop',
        POP,
        '--brute-force-attempts',
        '5',
        '--signup',
        'off',
      ],
      dir.path,
    );
    const got = await platformctl(
      [...config, 'bd', 'rules', 'get', SPACE, '--pop', POP, '-o', 'json'],
      dir.path,
    );

    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^brute-force +on +5 failed logins/m);
    expect(JSON.parse(got.stdout)).toEqual({
      space: SPACE,
      customized: true,
      rules: {
        bruteForce: { enabled: true, maxAttempts: 5 },
        suspiciousIp: { enabled: true, maxFailedLoginsPerDay: 100 },
        signup: { enabled: false, maxSignupsPerMinute: 50 },
      },
    });
  });
});
