import type { Client } from '@grpc/grpc-js';
import { directiveV1alpha1 } from '@platform/contracts';
import { DirectiveSigner, directiveId } from '@platform/directives';
import {
  createCertificateAuthority,
  generateSigningKeyPair,
  issueCertificate,
  type WorkloadIdentity,
} from '@platform/pki';
import { checkHealth } from '@platform/platform-kit';
import { freePort, spawnService, startRedisServer, type ServiceProcess } from '@platform/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Redis from 'ioredis';
import { median, type Benchmark, type BenchResult } from '../bench-result';
import { mtls, nowMs, relayServiceConstructor, spaceName, type TlsPem } from './relay-proto';

/**
 * Spaces per broadcast. `RELAY_BENCH_SIZES=10000` (comma-separated) runs a subset while working
 * on the relay; `npm run bench` uses both.
 */
const SIZES = (process.env['RELAY_BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
/** Measured broadcasts per size over the same open streams: the median is reported. */
const RUNS = Number(process.env['RELAY_BENCH_RUNS'] ?? '3');
/** Set to skip the raw baseline while profiling the relay alone (its results then say so). */
const SKIP_RAW = process.env['RELAY_BENCH_SKIP_RAW'] === '1';
/** Spaces per load process: two processes hold the 10,000 streams. */
const LOAD_PROCESSES = 2;
const PUBLISH_CONCURRENCY = 64;
const PHASE_TIMEOUT_MS = 120_000;
const SETUP_TIMEOUT_MS = 240_000;
const POP = 'bench-pop';
/**
 * The V8 heap settings the relay is deployed with (apps/pop-relay/README.md, "Memory"), given to
 * the raw fan-out server too so the memory and speed comparison stays like for like.
 */
const SERVER_HEAP_OPTIONS = '--max-old-space-size=512 --max-semi-space-size=4';
const TRUST_DOMAIN = 'platform.test';
const root = join(__dirname, '..', '..', '..');

/** One measured broadcast. */
interface BroadcastRun {
  delivered: number;
  perSecond: number;
  /** First publish start to last receive. */
  fullDeliveryMs: number;
  p50Ms: number;
  p99Ms: number;
}

/** The {@link RUNS} broadcasts of one phase (one target, one size), over the same streams. */
interface BroadcastFigures {
  spaces: number;
  runs: BroadcastRun[];
  connectMs: number;
  serverRssMiB?: number;
}

/**
 * Issue 6's figures: one signed directive broadcast to each of 1,000 and 10,000 Spaces whose
 * agents hold Subscribe streams with their own certificates, through the real relay (its own
 * process, Redis with AOF everysec) beside a plain grpc-js server-stream fan-out of the same
 * messages, in the same run, over the same mutual TLS, from the same load processes.
 */
export const relayBenchmark: Benchmark = {
  name: 'relay',
  description: `broadcast one directive to ${SIZES.join(' and ')} subscribed Spaces: relay vs raw grpc-js fan-out`,
  async run(log) {
    const work = mkdtempSync(join(tmpdir(), 'bench-relay-'));
    const cleanups: (() => Promise<unknown> | void)[] = [];
    try {
      const ca = await createCertificateAuthority({ trustDomain: TRUST_DOMAIN, validityDays: 2 });
      const issue = async (identity: WorkloadIdentity): Promise<TlsPem> => {
        const issued = await issueCertificate(ca, { identity, validityDays: 1 });
        return { ca: ca.certificatePem, cert: issued.certificatePem, key: issued.privateKeyPem };
      };
      const relayTls = await issue({
        trustDomain: TRUST_DOMAIN,
        tier: 'pop',
        pop: POP,
        service: 'pop-relay',
      });
      const central = await issue({
        trustDomain: TRUST_DOMAIN,
        tier: 'central',
        service: 'control-plane',
      });
      const operator = await issue({ trustDomain: TRUST_DOMAIN, tier: 'operator', name: 'bench' });
      const files = {
        ca: join(work, 'ca.crt'),
        cert: join(work, 'relay.crt'),
        key: join(work, 'relay.key'),
        pki: join(work, 'pki.json'),
        rawTls: join(work, 'raw-tls.json'),
      };
      writeFileSync(files.ca, relayTls.ca);
      writeFileSync(files.cert, relayTls.cert);
      writeFileSync(files.key, relayTls.key, { mode: 0o600 });
      writeFileSync(files.pki, JSON.stringify({ ca, trustDomain: TRUST_DOMAIN }), { mode: 0o600 });
      writeFileSync(files.rawTls, JSON.stringify({ ...relayTls, trustDomain: TRUST_DOMAIN }), {
        mode: 0o600,
      });

      const maxSpaces = Math.max(...SIZES);
      const slice = Math.ceil(maxSpaces / LOAD_PROCESSES);
      const loads = Array.from({ length: LOAD_PROCESSES }, (_, index) =>
        LineProcess.start('tools/bench/relay/subscriber-load.ts', [
          files.pki,
          String(index * slice),
          String(slice),
        ]),
      );
      cleanups.push(() => Promise.all(loads.map((load) => load.kill())));

      const redis = await startRedisServer({ appendOnly: true });
      cleanups.push(() => redis.remove());
      const port = await freePort();
      const relayAddress = `127.0.0.1:${port}`;
      const relay = spawnService('apps/pop-relay/src/main.ts', {
        PLATFORM_GRPC_PORT: String(port),
        PLATFORM_TLS_CA_FILE: files.ca,
        PLATFORM_TLS_CERT_FILE: files.cert,
        PLATFORM_TLS_KEY_FILE: files.key,
        PLATFORM_TRUST_DOMAIN: TRUST_DOMAIN,
        PLATFORM_REDIS_URL: redis.url,
        PLATFORM_POP: POP,
        PLATFORM_RELAY_BACKLOG_LIMIT: '100000',
        PLATFORM_SHUTDOWN_GRACE_MS: '2000',
        // RELAY_BENCH_RELAY_NODE_OPTIONS is for profiling only (e.g. `--require` of a reporter).
        NODE_OPTIONS: `${SERVER_HEAP_OPTIONS} ${process.env['RELAY_BENCH_RELAY_NODE_OPTIONS'] ?? ''}`,
      });
      cleanups.push(() => killService(relay));
      await waitForHealth(relayAddress, operator, relay);
      log(`relay pid ${relay.child.pid} on ${relayAddress}, redis (AOF everysec) on ${redis.url}`);

      const raw = LineProcess.start('tools/bench/relay/raw-fanout-server.ts', [files.rawTls], {
        NODE_OPTIONS: SERVER_HEAP_OPTIONS,
      });
      cleanups.push(() => raw.kill());
      const listening = await raw.next((m) => m.t === 'listening', 60_000, 'raw server start');
      const rawAddress = `127.0.0.1:${String(listening.port)}`;

      const issueStarted = nowMs();
      const ready = await Promise.all(
        loads.map((load) =>
          load.next((m) => m.t === 'ready', SETUP_TIMEOUT_MS, 'issuing Space certificates'),
        ),
      );
      log(
        `issued ${maxSpaces} Space certificates (ECDSA P-256) in ${LOAD_PROCESSES} load processes: ` +
          `${((nowMs() - issueStarted) / 1000).toFixed(1)} s wall (per process ${ready
            .map((m) => `${(Number(m.issueMs) / 1000).toFixed(1)} s`)
            .join(', ')})`,
      );

      const signer = await createSigner();
      const redisAdmin = new Redis(redis.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
      cleanups.push(() => redisAdmin.quit());

      const figures = new Map<string, BroadcastFigures>();
      for (const spaces of SIZES) {
        for (const target of SKIP_RAW ? (['relay'] as const) : (['raw', 'relay'] as const)) {
          if (target === 'relay') await redisAdmin.flushall();
          const address = target === 'relay' ? relayAddress : rawAddress;
          const measured = await broadcastPhase({
            target,
            address,
            spaces,
            slice,
            loads,
            central,
            signer,
            serverPid: target === 'relay' ? relay.child.pid : raw.pid,
            log,
          });
          figures.set(`${target}-${spaces}`, measured);
          if (target === 'relay' && process.env['RELAY_BENCH_RELAY_NODE_OPTIONS']) {
            // A profiling reporter in the relay prints lines starting with MEM.
            const reports = relay
              .output()
              .split('\n')
              .filter((line) => line.startsWith('MEM'));
            log(`relay ${spaces}: ${reports[reports.length - 1] ?? 'no MEM report'}`);
          }
        }
      }

      const results: BenchResult[] = [];
      for (const spaces of SIZES) {
        const ours = figures.get(`relay-${spaces}`);
        if (!ours) continue;
        const baseline = figures.get(`raw-${spaces}`);
        const pairs: [
          string,
          string,
          (run: BroadcastRun) => number,
          string,
          (v: number) => boolean,
        ][] = [
          [
            `delivered directives/s, broadcast to ${spaces} Spaces`,
            'msg/s',
            (run) => run.perSecond,
            '≥ 0.5× raw',
            () =>
              baseline !== undefined &&
              median(ours.runs.map((r) => r.perSecond)) >=
                0.5 * median(baseline.runs.map((r) => r.perSecond)),
          ],
          ...(spaces === 10_000
            ? [
                [
                  `full delivery, one directive to each of ${spaces} Spaces`,
                  's',
                  (run: BroadcastRun) => run.fullDeliveryMs / 1000,
                  '≤ 3 s',
                  (v: number) => v <= 3,
                ] as [
                  string,
                  string,
                  (run: BroadcastRun) => number,
                  string,
                  (v: number) => boolean,
                ],
              ]
            : []),
          [
            `p50 publish→receive latency, ${spaces} Spaces`,
            'ms',
            (run) => run.p50Ms,
            '-',
            () => true,
          ],
          [
            `p99 publish→receive latency, ${spaces} Spaces`,
            'ms',
            (run) => run.p99Ms,
            '-',
            () => true,
          ],
        ];
        for (const [metric, unit, pick, target, meets] of pairs) {
          const value = median(ours.runs.map(pick));
          const base = baseline ? median(baseline.runs.map(pick)) : null;
          results.push({
            ...common(`${metric} (${spread(ours.runs.map(pick))})`, unit),
            ours: value,
            baseline: base,
            ratio: base === null ? null : value / base,
            target,
            met: meets(value),
          });
        }
        if (ours.serverRssMiB !== undefined) {
          const rawRss = baseline?.serverRssMiB ?? null;
          results.push({
            ...common(`server RSS with ${spaces} open streams (relay vs raw server)`, 'MiB'),
            ours: ours.serverRssMiB,
            baseline: rawRss,
            ratio: rawRss === null ? null : ours.serverRssMiB / rawRss,
            target: '≤ 1024 MiB',
            met: ours.serverRssMiB <= 1024,
          });
        }
      }
      return results;
    } finally {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch {
          // keep cleaning up
        }
      }
      rmSync(work, { recursive: true, force: true });
    }
  },
};

interface PublishClient extends Client {
  publish(request: object, callback: (error: Error | null) => void): void;
}

function common(metric: string, unit: string) {
  return { benchmark: 'relay', metric, unit };
}

interface PhaseOptions {
  target: 'raw' | 'relay';
  address: string;
  spaces: number;
  slice: number;
  loads: LineProcess[];
  central: TlsPem;
  signer: DirectiveSigner;
  /** The process serving the streams (relay or raw server), whose memory is reported. */
  serverPid?: number;
  log(message: string): void;
}

/**
 * Opens `spaces` Subscribe streams (split over the load processes), broadcasts a warm-up
 * directive to every Space and waits for all of them (so every stream is live and the JIT is
 * warm), then broadcasts the measured directive to every Space and times each delivery.
 */
async function broadcastPhase(options: PhaseOptions): Promise<BroadcastFigures> {
  const { target, address, spaces, slice, loads, log } = options;
  const label = `${target} ${spaces}`;
  const spaceNames: string[] = [];
  const perLoad = loads.map((_, index) => Math.max(0, Math.min(slice, spaces - index * slice)));
  perLoad.forEach((count, index) => {
    for (let i = 0; i < count; i += 1) spaceNames.push(spaceName(index * slice + i));
  });
  const publisher = new (relayServiceConstructor())(
    address,
    mtls(options.central),
  ) as unknown as PublishClient;

  try {
    const opened = await Promise.all(
      loads.map((load, index) =>
        perLoad[index] === 0
          ? Promise.resolve<Record<string, unknown>>({ streams: 0, failed: 0, ms: 0, rssMiB: 0 })
          : (load.send({ cmd: 'open', address, count: perLoad[index] }),
            load.next((m) => m.t === 'opened', SETUP_TIMEOUT_MS, `${label}: opening streams`)),
      ),
    );
    const failed = opened.reduce((sum, m) => sum + Number(m.failed), 0);
    const connectMs = Math.max(...opened.map((m) => Number(m.ms)));
    if (failed > 0) {
      throw new Error(`${label}: ${failed} of ${spaces} streams could not connect`);
    }
    log(
      `${label}: ${spaces} streams (one TLS channel each) open in ${(connectMs / 1000).toFixed(1)} s (load process RSS ${opened.map((m) => `${Number(m.rssMiB ?? 0).toFixed(0)} MiB`).join(', ')})`,
    );

    await broadcast(publisher, options.signer, spaceNames, loads, `${label} warm-up`);
    const runs: BroadcastRun[] = [];
    for (let run = 1; run <= RUNS; run += 1) {
      const measured = await broadcast(publisher, options.signer, spaceNames, loads, label);
      runs.push(measured);
      log(
        `${label} #${run}: ${measured.delivered} delivered in ${(measured.fullDeliveryMs / 1000).toFixed(2)} s ` +
          `= ${measured.perSecond.toFixed(0)}/s, p50 ${measured.p50Ms.toFixed(1)} ms, ` +
          `p99 ${measured.p99Ms.toFixed(1)} ms` +
          (options.serverPid === undefined
            ? ''
            : `, ${target} server RSS ${rssMiB(options.serverPid).toFixed(0)} MiB (peak ${rssMiB(options.serverPid, 'VmHWM').toFixed(0)} MiB)`) +
          `, load average ${loadavg()
            .map((value) => value.toFixed(2))
            .join(' ')}`,
      );
    }
    // With every stream still open, after the broadcasts: what the server holds for its agents.
    const serverRssMiB = options.serverPid === undefined ? undefined : rssMiB(options.serverPid);
    return { runs, spaces, connectMs, serverRssMiB };
  } finally {
    publisher.close();
    await Promise.all(
      loads.map((load, index) =>
        perLoad[index] === 0
          ? undefined
          : (load.send({ cmd: 'close' }),
            load.next((m) => m.t === 'closed', 30_000, `${label}: closing streams`)),
      ),
    );
  }
}

async function broadcast(
  publisher: PublishClient,
  signer: DirectiveSigner,
  spaces: string[],
  loads: LineProcess[],
  label: string,
): Promise<BroadcastRun> {
  // Signed before the clock starts: both targets get the same, already signed messages.
  const directives = spaces.map((space) =>
    signer.sign({
      id: directiveId(),
      space,
      issuedAt: { seconds: String(Math.floor(Date.now() / 1000)), nanos: 0 },
      gitCommit: 'c0ffee'.padEnd(40, '0'),
      emergency: false,
      unfreeze: {},
    }),
  );
  const ids = directives.map(
    (directive) => directiveV1alpha1.DirectiveBody.decode(directive.payload).id,
  );
  const published = new Map<string, number>();
  const received = new Map<string, number>();
  let ended: string | undefined;
  const onMessage = (message: Record<string, unknown>) => {
    if (message.t === 'recv') {
      const got = message.ids as string[];
      const at = message.at as number[];
      got.forEach((id, index) => {
        if (!received.has(id)) received.set(id, at[index]);
      });
    } else if (message.t === 'ended' && ended === undefined) {
      ended = `stream of ${String(message.space)} ended: ${String(message.code)} ${String(message.details)}`;
    }
  };
  for (const load of loads) load.listeners.add(onMessage);
  try {
    const allReceived = new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + PHASE_TIMEOUT_MS;
      const check = setInterval(() => {
        const done = ids.every((id) => received.has(id));
        if (done) {
          clearInterval(check);
          resolve();
        } else if (ended !== undefined || Date.now() > deadline) {
          clearInterval(check);
          reject(
            new Error(
              `${label}: ${received.size} of ${ids.length} directives received` +
                (ended === undefined ? ` after ${PHASE_TIMEOUT_MS / 1000} s` : `; ${ended}`),
            ),
          );
        }
      }, 20);
    });
    allReceived.catch(() => undefined);

    let cursor = 0;
    const publishDeadline = Date.now() + PHASE_TIMEOUT_MS;
    await Promise.all(
      Array.from({ length: PUBLISH_CONCURRENCY }, async () => {
        while (cursor < directives.length) {
          const index = cursor++;
          published.set(ids[index], nowMs());
          await new Promise<void>((resolve, reject) =>
            publisher.publish({ directive: directives[index] }, (error) =>
              error ? reject(new Error(`${label}: publish failed: ${error.message}`)) : resolve(),
            ),
          );
          if (Date.now() > publishDeadline)
            throw new Error(`${label}: publishing took over ${PHASE_TIMEOUT_MS / 1000} s`);
        }
      }),
    );
    await allReceived;
    // The last batch of receive reports may still be in flight: they were all counted above.
    const firstPublish = Math.min(...published.values());
    const lastReceive = Math.max(...ids.map((id) => received.get(id) ?? 0));
    const latencies = ids
      .map((id) => (received.get(id) ?? 0) - (published.get(id) ?? 0))
      .sort((a, b) => a - b);
    const fullDeliveryMs = lastReceive - firstPublish;
    return {
      delivered: ids.length,
      perSecond: ids.length / (fullDeliveryMs / 1000),
      fullDeliveryMs,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
    };
  } finally {
    for (const load of loads) load.listeners.delete(onMessage);
  }
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/** Resident memory (`VmRSS`) or its peak so far (`VmHWM`) of a process, in MiB. */
function rssMiB(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/** `median (min–max of n)` of a few measurements, for the metric label. */
function spread(values: number[]): string {
  const digits = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(2));
  return `median of ${values.length}, range ${digits(Math.min(...values))}–${digits(Math.max(...values))}`;
}

async function createSigner(): Promise<DirectiveSigner> {
  const key = await generateSigningKeyPair();
  return new DirectiveSigner({ keyId: key.keyId, privateKeyPem: key.privateKeyPem });
}

async function waitForHealth(
  address: string,
  operator: TlsPem,
  service: ServiceProcess,
): Promise<void> {
  const tls = {
    ca: Buffer.from(operator.ca),
    cert: Buffer.from(operator.cert),
    key: Buffer.from(operator.key),
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (service.child.exitCode !== null) {
      throw new Error(
        `pop-relay exited (${service.child.exitCode}) before serving:\n${service.output()}`,
      );
    }
    try {
      await checkHealth(address, tls, { timeoutMs: 1_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`pop-relay not healthy after 60 s: ${String(error)}\n${service.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function killService(service: ServiceProcess): Promise<void> {
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 5_000);
  await service.stop();
  clearTimeout(timer);
}

/** A helper process run from source that speaks JSON lines on stdout (and takes them on stdin). */
class LineProcess {
  readonly listeners = new Set<(message: Record<string, unknown>) => void>();
  private stderr = '';
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly entry: string,
  ) {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      for (const listener of [...this.listeners]) listener(message);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const listener of [...this.listeners]) {
        listener({ t: 'exit', message: `${entry} exited (${code ?? signal}): ${this.stderr}` });
      }
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  static start(entry: string, args: string[], env: Record<string, string> = {}): LineProcess {
    const child = spawn(
      process.execPath,
      [join(root, 'tools/bin/run-ts.cjs'), join(root, entry), ...args],
      {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    return new LineProcess(child, entry);
  }

  send(message: object): void {
    this.child.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  /** The next message that `matches`; rejects on a fatal report, an exit or after `timeoutMs`. */
  next(
    matches: (message: Record<string, unknown>) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`${what}: no answer from ${this.entry} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const listener = (message: Record<string, unknown>) => {
        if (message.t === 'fatal' || message.t === 'exit') {
          reject(new Error(`${what}: ${String(message.message)}`));
        } else if (!matches(message)) {
          return;
        } else {
          resolve(message);
        }
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      if (this.exited)
        listener({ t: 'exit', message: `${this.entry} already exited: ${this.stderr}` });
    });
  }

  async kill(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }
}
