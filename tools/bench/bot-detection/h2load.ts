import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { botDetectionV1alpha1 } from '@platform/contracts';
import { BENCH_CHECK } from './bot-detection-proto';

/** What one h2load run measured. */
export interface H2loadFigures {
  /** Responses that carried a Check answer (HTTP 200 with the expected body size). */
  succeeded: number;
  /** Requests without one: h2load failures, or gRPC errors (a trailers-only answer, no body). */
  errors: number;
  requestsPerSecond: number;
  /** Latency percentiles from h2load's per-request log; NaN when not logged. */
  p50Ms: number;
  p99Ms: number;
}

export interface H2loadRun {
  /** Port of a plain-TCP endpoint speaking HTTP/2 (the TLS bridge before the target). */
  port: number;
  durationMs: number;
  /** Connections of the closed loop; a fixed-rate run chooses its own (see {@link openLoop}). */
  clients: number;
  /** Streams in flight per connection at most (the closed loop keeps them all busy). */
  streams: number;
  /** Requests per second in total, at a fixed rate (see {@link openLoop}); 0 = closed loop. */
  rate: number;
  work: string;
}

const CHECK_PATH = `/platform.botdetection.v1alpha1.BotDetectionService/Check`;
/** Requests sent in the first second of a fixed-rate run are left out of its percentiles. */
const RATE_WARM_UP_US = 1_000_000;

/** The gRPC frame of the benchmark's Check (5-byte prefix, then the message). */
export function writeCheckBody(work: string): string {
  const message = botDetectionV1alpha1.CheckRequest.encode(BENCH_CHECK).finish();
  const file = join(work, 'check.grpc');
  writeFileSync(file, grpcFrame(message));
  return file;
}

/** Bytes of DATA in one successful answer (ALLOW, nothing else), to tell answers from errors. */
function answerBytes(): number {
  return grpcFrame(
    botDetectionV1alpha1.CheckResponse.encode({
      action: botDetectionV1alpha1.Action.ACTION_ALLOW,
      reasons: [],
      signatureIds: [],
      retryAfterSeconds: 0,
    }).finish(),
  ).length;
}

function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/** Runs h2load against Check and reads its summary (and, at a fixed rate, its per-request log). */
export async function runH2load(run: H2loadRun, bodyFile: string): Promise<H2loadFigures> {
  const logFile = join(run.work, `h2load-${run.port}-${Date.now()}.log`);
  const url = `http://127.0.0.1:${run.port}${CHECK_PATH}`;
  const args = [
    '-d',
    bodyFile,
    '-H',
    'content-type: application/grpc',
    '-H',
    'te: trailers',
    '-t',
    '1',
    '-c',
    String(run.rate > 0 ? openLoop(run.rate, run.durationMs).clients : run.clients),
    '-m',
    String(run.streams),
  ];
  if (run.rate > 0) {
    const open = openLoop(run.rate, run.durationMs);
    args.push(
      url,
      '-n',
      String(open.requests),
      '--rps',
      open.perClientRps.toFixed(3),
      '-r',
      '1',
      '--rate-period',
      `${CONNECT_PERIOD_MS}ms`,
      '--log-file',
      logFile,
    );
  } else {
    args.push(url, '-D', `${run.durationMs}ms`, '--warm-up-time', '1s');
  }
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('h2load', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`h2load exited ${code}: ${text.slice(-2000)}`)),
    );
  });
  const requests =
    /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(
      output,
    );
  const finished = /finished in ([\d.]+)(m?s), ([\d.]+) req\/s/.exec(output);
  const data = /\((\d+)\) data/.exec(output);
  if (!requests || !finished || !data) throw new Error(`unexpected h2load output:\n${output}`);
  const done = Number(requests[3]);
  const answered = Math.min(Number(requests[4]), Math.floor(Number(data[1]) / answerBytes()));
  const figures: H2loadFigures = {
    succeeded: answered,
    errors: done - answered,
    requestsPerSecond: Number(finished[3]) * (answered / Math.max(1, done)),
    p50Ms: NaN,
    p99Ms: NaN,
  };
  if (run.rate > 0) Object.assign(figures, percentilesOf(logFile));
  return figures;
}

/** h2load ticks a client's `--rps` timer at most every 10 ms. */
const RPS_TICK_MS = 10;
/** h2load's shortest period between connections (`--rate-period`). */
const CONNECT_PERIOD_MS = 1;

/**
 * The h2load settings of a fixed-rate run whose requests arrive spread out. h2load's `--rps`
 * timer ticks at most every 10 ms per client and sends what is due at each tick: 4 clients at
 * 7,700/s sent 77 requests at once every 10 ms, and the p99 then measured how long a server
 * takes to drain such a burst (the raw echo had p99 14 ms), not how long a Check takes.
 * Here 10 clients connect 1 ms apart (`-r 1 --rate-period 1ms`), so their ticks fall on
 * different milliseconds: about `rate / 1000` requests arrive together, every millisecond.
 * (One client per request tick, e.g. 90 clients at 86/s each, spreads them further, but each
 * request then travels alone through the bridge and the server: the syscalls and TLS records
 * per request went up so much that neither server held 7,700/s.)
 */
export function openLoop(
  rate: number,
  durationMs: number,
): { clients: number; perClientRps: number; requests: number } {
  const clients = RPS_TICK_MS / CONNECT_PERIOD_MS;
  const perClientRps = rate / clients;
  const requests = clients * Math.max(1, Math.round((perClientRps * durationMs) / 1000));
  return { clients, perClientRps, requests };
}

function percentilesOf(logFile: string): { p50Ms: number; p99Ms: number } {
  const rows = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t').map(Number));
  let firstStart = Infinity;
  for (const row of rows) firstStart = Math.min(firstStart, row[0]);
  const latencies = rows
    .filter((row) => row[1] === 200 && row[0] >= firstStart + RATE_WARM_UP_US)
    .map((row) => row[2] / 1000)
    .sort((a, b) => a - b);
  const at = (p: number) =>
    latencies.length === 0
      ? NaN
      : latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}
