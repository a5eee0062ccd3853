import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTable } from '../dev/launcher/render-table';
import type { Benchmark, BenchResult } from './bench-result';
import { botDetectionBenchmark } from './bot-detection/bot-detection.bench';
import { controlPlaneBenchmark } from './control-plane/control-plane.bench';
import { gitopsBenchmark } from './gitops/gitops.bench';
import { relayBenchmark } from './relay/relay.bench';
import { releaseBenchmark } from './release/release.bench';

/** Every benchmark `npm run bench` knows; `npm run bench -- <name>` runs one. */
const benchmarks: Benchmark[] = [
  gitopsBenchmark,
  relayBenchmark,
  controlPlaneBenchmark,
  botDetectionBenchmark,
  releaseBenchmark,
];

async function main(): Promise<void> {
  const only = process.argv[2];
  const selected = only ? benchmarks.filter((benchmark) => benchmark.name === only) : benchmarks;
  if (selected.length === 0) {
    process.stderr.write(
      `unknown benchmark "${only}"; known: ${benchmarks.map((b) => b.name).join(', ')}\n`,
    );
    process.exit(2);
  }
  const results: BenchResult[] = [];
  for (const benchmark of selected) {
    process.stdout.write(`\n== ${benchmark.name}: ${benchmark.description}\n`);
    results.push(...(await benchmark.run((message) => process.stdout.write(`   ${message}\n`))));
  }
  const rows = results.map((result) => [
    result.benchmark,
    result.metric,
    `${format(result.ours)} ${result.unit}`,
    result.baseline === null ? '-' : `${format(result.baseline)} ${result.unit}`,
    result.ratio === null ? '-' : `${result.ratio.toFixed(2)}×`,
    result.target,
    result.met ? 'met' : 'NOT MET',
  ]);
  process.stdout.write(
    `\n${renderTable(['benchmark', 'metric', 'ours', 'baseline', 'ratio', 'target', 'result'], rows)}\n`,
  );

  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, only ? `${only}.json` : 'latest.json');
  writeFileSync(
    file,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), results }, null, 2)}\n`,
  );
  process.stdout.write(`\nwrote ${file}\n`);
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
