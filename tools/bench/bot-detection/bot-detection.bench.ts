import { botDetectionV1alpha1, grpcPackages } from '@platform/contracts';
import { checkHealth, createGrpcServiceClient } from '@platform/platform-kit';
import {
  createTestPki,
  freePort,
  spawnService,
  startRedisServer,
  type ServiceProcess,
  type TestWorkloadTls,
} from '@platform/testing';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { firstValueFrom, Observable } from 'rxjs';
import { buildServices } from '../../build/build-services';
import { median, type Benchmark, type BenchResult } from '../bench-result';
import { benchSignatureRange } from './bench-signatures';
import { BENCH_CHECK } from './bot-detection-proto';
import { runH2load, writeCheckBody } from './h2load';

/** Signatures loaded; `BOT_DETECTION_BENCH_SIGNATURES=100000` runs a smaller set while working. */
const SIGNATURES = Number(process.env['BOT_DETECTION_BENCH_SIGNATURES'] ?? '1000000');
const LOAD_MS = Number(process.env['BOT_DETECTION_BENCH_LOAD_MS'] ?? '5000');
/** Closed-loop runs per server, alternating: both swing by a third between runs on this machine. */
const RUNS = 5;
const SETTLE_MS = 10_000;
/** h2load connections and streams per connection: 64 Checks in flight in the closed loop. */
const H2LOAD_CLIENTS = 4;
const H2LOAD_STREAMS = 16;
/**
 * Streams a client may hold open in the fixed-rate runs: h2load sends a due request only while
 * fewer are open, so a low bound would hold requests back during a stall and their wait would
 * not be measured. 64 is far above what a client has in flight at half the maximum rate.
 */
const H2LOAD_RATE_STREAMS = 64;
/** The fixed-rate run that measures p99 lasts longer than the others: its p99 is a tail. */
const RATE_RUN_MS = Math.max(LOAD_MS, 8_000);
const BATCH = 1000;
const POP = 'bench-pop';
const root = join(__dirname, '..', '..', '..');

/**
 * Issue 7's figures: a million IP and CIDR signatures of both families imported over gRPC into
 * bot-detection (its own process, Redis with AOF everysec), its memory with them loaded, the
 * in-memory lookup alone, and Check over mutual TLS beside a plain grpc-js server answering
 * Check from nothing, both driven by h2load in the same run: closed loop for the maximum
 * throughput, then both at a fixed rate of half our maximum for the p99 (h2load.ts, `openLoop`):
 * the raw echo's p99 at that rate is what the harness itself adds.
 *
 * h2load cannot present a client certificate, and every platform server requires one: it talks
 * to a TLS bridge (tls-bridge.ts) before each server, which relays its bytes over mutual TLS.
 */
export const botDetectionBenchmark: Benchmark = {
  name: 'bot-detection',
  description: `import ${SIGNATURES} signatures, memory, lookup, and Check throughput/latency vs raw grpc-js`,
  async run(log) {
    const work = mkdtempSync(join(tmpdir(), 'bench-bot-detection-'));
    const cleanups: (() => Promise<unknown> | void)[] = [];
    try {
      const pki = await createTestPki('platform.test');
      cleanups.push(() => pki.remove());
      const serverTls = await pki.issue(pki.pop(POP, 'bot-detection'));
      const centralTls = await pki.issue(pki.central('control-plane'));
      const agentTls = await pki.issue(pki.space(BENCH_CHECK.space));
      const operatorTls = await pki.issue(pki.operator('bench'));
      const files = { agent: join(work, 'agent.json'), server: join(work, 'server.json') };
      writeFileSync(files.agent, JSON.stringify(pem(agentTls)), { mode: 0o600 });
      writeFileSync(
        files.server,
        JSON.stringify({ ...pem(serverTls), trustDomain: pki.trustDomain }),
        { mode: 0o600 },
      );

      const redis = await startRedisServer({ appendOnly: true });
      cleanups.push(() => redis.remove());
      // The replicas run compiled, as the image runs them: from source, the on-the-fly compiler
      // and inline source maps made the heap 50 MiB instead of 30, and every full collection
      // (a pause on the Check path) has all of it to go through.
      const build = join(root, 'tmp', `bench-bot-detection-${process.pid}`);
      cleanups.push(() => rmSync(build, { recursive: true, force: true }));
      await buildServices({ root, outDir: build });
      const startReplica = async () => {
        const [grpcPort, httpPort] = [await freePort(), await freePort()];
        const profileDir = process.env['BOT_DETECTION_BENCH_CPU_PROF_DIR'];
        // Extra Node options for the replicas while investigating (GC flags, a preload).
        const nodeOptions = [
          profileDir ? `--require ${join(__dirname, '..', 'cpu-profile.cjs')}` : '',
          process.env['BOT_DETECTION_BENCH_NODE_OPTIONS'] ?? '',
        ].filter(Boolean);
        const replica = spawnService(
          'apps/bot-detection/src/main.ts',
          {
            ...(nodeOptions.length > 0 ? { NODE_OPTIONS: nodeOptions.join(' ') } : {}),
            ...(profileDir ? { BENCH_CPU_PROF_DIR: profileDir } : {}),
            PLATFORM_GRPC_PORT: String(grpcPort),
            PLATFORM_TLS_CA_FILE: serverTls.caFile,
            PLATFORM_TLS_CERT_FILE: serverTls.certFile,
            PLATFORM_TLS_KEY_FILE: serverTls.keyFile,
            PLATFORM_TRUST_DOMAIN: pki.trustDomain,
            PLATFORM_REDIS_URL: redis.url,
            PLATFORM_POP: POP,
            PLATFORM_BOT_DETECTION_SPACES: BENCH_CHECK.space,
            PLATFORM_BOT_DETECTION_USER_KEY: 'bench-only-user-key-0123456789abcdef',
            PLATFORM_HTTP_PORT: String(httpPort),
            PLATFORM_LOG_LEVEL: 'warn',
            PLATFORM_SHUTDOWN_GRACE_MS: '2000',
          },
          { builtInto: build },
        );
        cleanups.push(() => stopService(replica));
        const replicaAddress = `127.0.0.1:${grpcPort}`;
        await waitForHealth(replicaAddress, operatorTls, replica);
        return {
          process: replica,
          address: replicaAddress,
          metricsUrl: `http://127.0.0.1:${httpPort}/metrics`,
        };
      };
      const first = await startReplica();
      const { process: service, address } = first;
      log(
        `bot-detection pid ${service.child.pid} on ${address}, redis (AOF everysec) on ${redis.url}`,
      );

      const importMs = await importAll(address, centralTls, log);
      const loadedMs = await waitForLoaded(first.metricsUrl, SIGNATURES);
      log(
        `imported ${SIGNATURES} signatures in ${(importMs / 1000).toFixed(1)} s; all in the index after ${(loadedMs / 1000).toFixed(1)} s`,
      );
      // V8 gives memory back to the system some seconds after the import's garbage is collected.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const importerRssMiB = rssOf(service.child.pid);
      const heap = await heapOf(first.metricsUrl);
      log(
        `importing replica, ${SETTLE_MS / 1000} s after the import: RSS ${importerRssMiB.toFixed(0)} MiB, ` +
          `heap used ${heap.usedMiB.toFixed(0)} of ${heap.totalMiB.toFixed(0)} MiB committed, ` +
          `external (typed arrays) ${heap.externalMiB.toFixed(0)} MiB`,
      );
      // The steady state of a replica: started with the signatures in Redis (snapshot load).
      const snapshotStarted = performance.now();
      const second = await startReplica();
      await waitForLoaded(second.metricsUrl, SIGNATURES);
      log(
        `a new replica loaded the ${SIGNATURES}-signature snapshot in ` +
          `${((performance.now() - snapshotStarted) / 1000).toFixed(1)} s (start included)`,
      );
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const rssMiB = rssOf(second.process.child.pid);
      const secondHeap = await heapOf(second.metricsUrl);
      log(
        `new replica, ${SETTLE_MS / 1000} s after loading: RSS ${rssMiB.toFixed(0)} MiB, ` +
          `heap used ${secondHeap.usedMiB.toFixed(0)} of ${secondHeap.totalMiB.toFixed(0)} MiB, ` +
          `external (typed arrays) ${secondHeap.externalMiB.toFixed(0)} MiB`,
      );
      await stopService(second.process);
      if (process.env['BOT_DETECTION_BENCH_ONLY_MEMORY'] === '1') return [];

      const rangesFile = join(work, 'ranges.txt');
      writeFileSync(
        rangesFile,
        Array.from({ length: SIGNATURES }, (_, i) => benchSignatureRange(i)).join('\n'),
      );
      const micro = (await runJson('apps/bot-detection/src/bench/signature-lookup.micro.ts', [
        rangesFile,
      ])) as {
        lookupMedianNs: number;
      };
      log(
        `in-memory lookup (parse + match, ${SIGNATURES} signatures): median ${micro.lookupMedianNs.toFixed(0)} ns`,
      );

      const raw = await startPortProcess('tools/bench/bot-detection/raw-check-server.ts', [
        files.server,
      ]);
      cleanups.push(() => raw.kill());
      const rawAfter1ms = await startPortProcess('tools/bench/bot-detection/raw-check-server.ts', [
        files.server,
        '1',
      ]);
      cleanups.push(() => rawAfter1ms.kill());
      const bridgeTo = (port: string) =>
        startPortProcess('tools/bench/bot-detection/tls-bridge.ts', [files.agent, port]);
      const bridges = {
        raw: await bridgeTo(`127.0.0.1:${raw.port}`),
        rawAfter1ms: await bridgeTo(`127.0.0.1:${rawAfter1ms.port}`),
        ours: await bridgeTo(address),
      };
      cleanups.push(...Object.values(bridges).map((bridge) => () => bridge.kill()));
      const body = writeCheckBody(work);
      const throughput = { ours: [] as number[], raw: [] as number[] };
      for (let run = 0; run < RUNS; run++) {
        for (const target of ['raw', 'ours'] as const) {
          const figures = await runH2load(
            {
              port: bridges[target].port,
              durationMs: LOAD_MS,
              clients: H2LOAD_CLIENTS,
              streams: H2LOAD_STREAMS,
              rate: 0,
              work,
            },
            body,
          );
          throughput[target].push(figures.requestsPerSecond);
          log(
            `run ${run + 1} ${target}: ${figures.requestsPerSecond.toFixed(0)} Check/s (h2load closed loop, ${figures.errors} errors)`,
          );
        }
      }
      const ours = median(throughput.ours);
      const baseline = median(throughput.raw);
      const halfRate = Math.round(ours / 2);
      // The raw echo at the same rate, through the same bridge and h2load settings: what the
      // harness itself adds to a Check's latency, the baseline of the p99 row.
      const atHalf = async (target: keyof typeof bridges) => {
        const figures = await runH2load(
          {
            port: bridges[target].port,
            durationMs: RATE_RUN_MS,
            clients: H2LOAD_CLIENTS,
            streams: H2LOAD_RATE_STREAMS,
            rate: halfRate,
            work,
          },
          body,
        );
        log(
          `${target} at half of our maximum (${halfRate} Check/s asked, ${figures.requestsPerSecond.toFixed(0)} held): ` +
            `p50 ${figures.p50Ms.toFixed(2)} ms, p99 ${figures.p99Ms.toFixed(2)} ms, ${figures.errors} errors`,
        );
        return figures;
      };
      const rawHalf = await atHalf('raw');
      // Context for the p99 row, not a target: the same plain server answering from a 1 ms
      // timer, as a handler that waits on Redis does. Measured on Node 20: such a server promotes
      // nearly every call's objects (HTTP/2 stream, headers, grpc-js call) to the old
      // generation, and the full collections that follow stall every call (service README).
      await atHalf('rawAfter1ms');
      const half = await atHalf('ours');

      const results: BenchResult[] = [
        result('import of signatures', 's', importMs / 1000, null, '≤ 30 s', importMs <= 30_000),
        result(
          'RSS with signatures loaded (replica started on them)',
          'MiB',
          rssMiB,
          null,
          '≤ 400 MiB',
          rssMiB <= 400,
        ),
        result(
          'RSS of the replica that took the import',
          'MiB',
          importerRssMiB,
          null,
          '≤ 400 MiB',
          importerRssMiB <= 400,
        ),
        result(
          'in-memory lookup, median',
          'µs',
          micro.lookupMedianNs / 1000,
          null,
          '≤ 2 µs',
          micro.lookupMedianNs <= 2000,
        ),
        result(
          'Check throughput over mutual TLS (h2load, closed loop), vs raw grpc-js echo',
          'req/s',
          ours,
          baseline,
          '≥ 0.7× raw grpc-js',
          ours >= 0.7 * baseline,
        ),
        result(
          'Check p99 at half of maximum throughput (h2load --rps)',
          'ms',
          half.p99Ms,
          rawHalf.p99Ms,
          '≤ 5 ms',
          // The baseline is the raw echo's p99 at the same rate: what the harness costs. The
          // target stays absolute.
          half.p99Ms <= 5 && half.errors === 0,
        ),
        result(
          'Check rate held during the p99 run (asked: half of maximum)',
          'req/s',
          half.requestsPerSecond,
          halfRate,
          '≥ 0.95× asked',
          half.requestsPerSecond >= 0.95 * halfRate,
        ),
      ];
      return results;
    } finally {
      for (const cleanup of cleanups.reverse())
        await Promise.resolve(cleanup()).catch(() => undefined);
      rmSync(work, { recursive: true, force: true });
    }
  },
};

function result(
  metric: string,
  unit: string,
  value: number,
  baseline: number | null,
  target: string,
  met: boolean,
): BenchResult {
  return {
    benchmark: 'bot-detection',
    metric,
    unit,
    ours: Math.round(value * 100) / 100,
    baseline: baseline === null ? null : Math.round(baseline * 100) / 100,
    ratio: baseline === null ? null : Math.round((value / baseline) * 100) / 100,
    target,
    met,
  };
}

function pem(tls: TestWorkloadTls) {
  return { ca: tls.ca.toString(), cert: tls.cert.toString(), key: tls.key.toString() };
}

/** One ImportSignatures stream of every signature, batches generated as the stream pulls them. */
async function importAll(
  address: string,
  tls: TestWorkloadTls,
  log: (message: string) => void,
): Promise<number> {
  const { client, close } = createGrpcServiceClient<botDetectionV1alpha1.BotDetectionServiceClient>(
    {
      address,
      protoPackage: grpcPackages.botDetection,
      serviceName: botDetectionV1alpha1.BOT_DETECTION_SERVICE_NAME,
      tls,
    },
  );
  try {
    const batches = new Observable<botDetectionV1alpha1.ImportSignaturesRequest>((subscriber) => {
      for (let start = 0; start < SIGNATURES; start += BATCH) {
        const signatures: botDetectionV1alpha1.Signature[] = [];
        for (let i = start; i < Math.min(start + BATCH, SIGNATURES); i++) {
          signatures.push({
            id: `bench-${i}`,
            ipRange: benchSignatureRange(i),
            source: 'bench-feed',
            category: botDetectionV1alpha1.SignatureCategory.SIGNATURE_CATEGORY_ABUSE,
            action: botDetectionV1alpha1.Action.ACTION_BLOCK,
          });
        }
        subscriber.next({ signatures });
      }
      subscriber.complete();
    });
    const started = performance.now();
    const response = await firstValueFrom(client.importSignatures(batches));
    const elapsed = performance.now() - started;
    if (response.imported !== SIGNATURES) {
      log(
        `import stored ${response.imported} of ${SIGNATURES} (${response.rejected} rejected: ${JSON.stringify(response.rejections.slice(0, 3))})`,
      );
    }
    return elapsed;
  } finally {
    close();
  }
}

async function waitForLoaded(metricsUrl: string, count: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const text = await (await fetch(metricsUrl)).text();
    const line = text.split('\n').find((l) => l.startsWith('bot_detection_signatures_loaded '));
    if (line && Number(line.split(' ')[1]) >= count) return performance.now() - started;
    if (performance.now() - started > 120_000)
      throw new Error(`index still at ${line} after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function heapOf(
  metricsUrl: string,
): Promise<{ usedMiB: number; totalMiB: number; externalMiB: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const value = (name: string) =>
    Number(
      text
        .split('\n')
        .find((line) => line.startsWith(`${name} `))
        ?.split(' ')[1] ?? NaN,
    ) /
    2 ** 20;
  return {
    usedMiB: value('nodejs_heap_size_used_bytes'),
    totalMiB: value('nodejs_heap_size_total_bytes'),
    externalMiB: value('nodejs_external_memory_bytes'),
  };
}

function rssOf(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Runs a TypeScript entry from source and returns the last JSON line it printed. */
function runJson(entry: string, args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', join(root, 'tools/bin/run-ts.cjs'), join(root, entry), ...args],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let last: unknown;
    let stderr = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        last = JSON.parse(line);
      } catch {
        return;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('exit', (code) =>
      code === 0 && last !== undefined
        ? resolve(last)
        : reject(new Error(`${entry} exited ${code}: ${stderr}`)),
    );
  });
}

/** Starts a TypeScript entry that prints `{"port":…}` once it listens. */
async function startPortProcess(
  entry: string,
  args: string[],
): Promise<{ port: number; kill(): void }> {
  const child = spawn(
    process.execPath,
    [join(root, 'tools/bin/run-ts.cjs'), join(root, entry), ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) =>
      resolve((JSON.parse(line) as { port: number }).port),
    );
    child.once('exit', (code) => reject(new Error(`${entry} exited ${code}`)));
  });
  return { port, kill: () => void child.kill('SIGKILL') };
}

async function waitForHealth(
  address: string,
  operator: TestWorkloadTls,
  service: ServiceProcess,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (service.child.exitCode !== null) {
      throw new Error(
        `bot-detection exited (${service.child.exitCode}) before serving:\n${service.output()}`,
      );
    }
    try {
      await checkHealth(address, operator, { timeoutMs: 1_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function stopService(service: ServiceProcess): Promise<void> {
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 5_000);
  await service.stop();
  clearTimeout(timer);
}
