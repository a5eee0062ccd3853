/**
 * Load for the bot-detection benchmark: Check calls over one mutual-TLS channel, either closed
 * loop (`concurrency` calls always in flight: the maximum throughput) or open loop at a fixed
 * rate (latency at a given load). `run-ts check-load.ts <tls.json> <address> <ms> <concurrency>
 * <rate per second, 0 = closed loop>` prints `{"completed":…,"errors":…,"p50Ms":…,"p99Ms":…}`.
 */
import type { Client, ServiceError } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import {
  BENCH_CHECK,
  botDetectionServiceConstructor,
  mtls,
  type TlsPem,
} from './bot-detection-proto';

const [tlsFile, address, durationText, concurrencyText, rateText] = process.argv.slice(2);
const tls = JSON.parse(readFileSync(tlsFile, 'utf8')) as TlsPem;
const durationMs = Number(durationText);
const concurrency = Number(concurrencyText);
const rate = Number(rateText);

type CheckClient = Client & {
  check(request: unknown, callback: (error: ServiceError | null) => void): void;
};
const Constructor = botDetectionServiceConstructor();
const client = new Constructor(address, mtls(tls), {
  'grpc.ssl_target_name_override': 'localhost',
}) as unknown as CheckClient;

const latencies: number[] = [];
let errors = 0;
const endAt = performance.now() + durationMs;

function call(): Promise<void> {
  const started = performance.now();
  return new Promise((resolve) => {
    client.check(BENCH_CHECK, (error) => {
      if (error) errors++;
      else latencies.push(performance.now() - started);
      resolve();
    });
  });
}

async function closedLoop(): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < endAt) await call();
    }),
  );
}

async function openLoop(): Promise<void> {
  const intervalMs = 1000 / rate;
  const pending: Promise<void>[] = [];
  let next = performance.now();
  while (next < endAt) {
    const wait = next - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(call());
    next += intervalMs;
  }
  await Promise.all(pending);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function main(): Promise<void> {
  // Warm the channel (TLS handshake) before measuring.
  await call();
  latencies.length = 0;
  errors = 0;
  await (rate > 0 ? openLoop() : closedLoop());
  const sorted = [...latencies].sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({ completed: latencies.length, errors, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) })}\n`,
  );
  client.close();
}

void main();
