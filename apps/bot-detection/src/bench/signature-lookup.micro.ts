/**
 * Micro-benchmark of the in-memory lookup alone (no gRPC, no Redis): the IP and CIDR signatures
 * listed one per line in the file named by the first argument, then Check-shaped lookups of
 * addresses of both families. Run by `tools/bench/bot-detection` as its own process (which
 * writes the file); prints one JSON line.
 */
import { botDetectionV1alpha1 } from '@platform/contracts';
import { parseIpAddress, parseIpRange, type IpAddress } from '../app/domain/ip-address';
import { SignatureIndex } from '../app/domain/signature-index';
import { readFileSync } from 'node:fs';

const ranges = readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .filter((line) => line !== '');
const index = new SignatureIndex();
for (let i = 0; i < ranges.length; i++) {
  const range = parseIpRange(ranges[i]);
  if (!range) throw new Error(`bad bench range ${ranges[i]}`);
  index.upsert({
    id: `bench-${i}`,
    matcher: { kind: 'ip', range },
    source: 'bench',
    category: botDetectionV1alpha1.SignatureCategory.SIGNATURE_CATEGORY_ABUSE,
    action: botDetectionV1alpha1.Action.ACTION_BLOCK,
    expiresAtMs: 0,
  });
}

const probes: string[] = [];
for (let i = 0; i < 10_000; i++) {
  probes.push(
    i % 2 === 0
      ? `${(i * 7) % 256}.${(i * 13) % 256}.${(i * 31) % 256}.${i % 256}`
      : `2001:db8:${((i * 7) % 65536).toString(16)}:${(i % 65536).toString(16)}::${((i * 3) % 65536).toString(16)}`,
  );
}

const now = Date.now();
const batchMedians: number[] = [];
let matched = 0;
for (let round = 0; round < 30; round++) {
  const started = process.hrtime.bigint();
  for (const text of probes) {
    // Parsing is part of what Check does per call, so it is timed too.
    const ip = parseIpAddress(text) as IpAddress;
    matched += index.match({ ip, userAgent: 'Mozilla/5.0', fingerprintHash: '' }, now).length;
  }
  batchMedians.push(Number(process.hrtime.bigint() - started) / probes.length);
}
batchMedians.sort((a, b) => a - b);
(globalThis as { gc?: () => void }).gc?.();
const memory = process.memoryUsage();
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
process.stdout.write(
  `${JSON.stringify({
    signatures: index.size,
    lookupMedianNs: batchMedians[Math.floor(batchMedians.length / 2)],
    matched,
    heapUsedMiB: mib(memory.heapUsed),
    // The index keeps its tables in typed arrays, outside the JavaScript heap.
    arrayBuffersMiB: mib(memory.arrayBuffers),
    rssMiB: mib(memory.rss),
  })}\n`,
);
