import { Listr } from 'listr2';
import { spawnSync } from 'node:child_process';
import { renderTable } from '../dev/launcher/render-table';
import type { Benchmark, BenchResult } from './bench-result';
import { botDetectionBenchmark } from './bot-detection/bot-detection.bench';
import { controlPlaneBenchmark } from './control-plane/control-plane.bench';
import { gitopsBenchmark } from './gitops/gitops.bench';
import { relayBenchmark } from './relay/relay.bench';
import { releaseBenchmark } from './release/release.bench';
import { writeResults, type RecordedResult } from './results-file';

/** Every benchmark `npm run bench` knows; `npm run bench -- <name>` runs one. */
const benchmarks: Benchmark[] = [
  gitopsBenchmark,
  relayBenchmark,
  controlPlaneBenchmark,
  botDetectionBenchmark,
  releaseBenchmark,
];

/** Issue 8: the whole run must fit in this on the reference machine (2 cores). */
const BUDGET_SECONDS = 15 * 60;

interface Context {
  results: RecordedResult[];
  durations: Map<string, number>;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const selected = only ? benchmarks.filter((benchmark) => benchmark.name === only) : benchmarks;
  if (selected.length === 0) {
    process.stderr.write(
      `unknown benchmark "${only}"; known: ${benchmarks.map((b) => b.name).join(', ')}\n`,
    );
    process.exit(2);
  }
  const started = Date.now();
  const tasks = new Listr<Context>(
    selected.map((benchmark) => ({
      title: `${benchmark.name}: ${benchmark.description}`,
      task: async (context, task) => {
        const began = Date.now();
        const results = await benchmark.run((message) => {
          task.output = `[${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${message}`;
        });
        // The fleet benchmarks leave gigabytes of dirty pages; flushing them here keeps their
        // write-back out of the next benchmark's figures (it once slowed plain git 2.6×).
        spawnSync('sync');
        const seconds = (Date.now() - began) / 1000;
        context.durations.set(benchmark.name, seconds);
        const measuredAt = new Date().toISOString();
        context.results.push(...results.map((result) => ({ ...result, measuredAt })));
        const missed = results.filter((result) => !result.met).length;
        task.title = `${benchmark.name}: ${results.length} figures, ${missed === 0 ? 'all targets met' : `${missed} NOT MET`} (${seconds.toFixed(0)} s)`;
      },
      // Progress lines stay visible in a terminal and in CI logs alike.
      rendererOptions: { persistentOutput: true, outputBar: Infinity },
    })),
    {
      concurrent: false,
      exitOnError: false,
      // Not a terminal (CI, a pipe): listr2 falls back to plain lines.
      renderer: 'default',
      fallbackRenderer: 'simple',
      rendererOptions: { collapseErrors: false },
    },
  );
  const context: Context = { results: [], durations: new Map() };
  await tasks.run(context);

  printSummary(context.results);
  const totalSeconds = (Date.now() - started) / 1000;
  const file = writeResults(context.results, context.durations, { partial: Boolean(only) });
  const failedRuns = tasks.errors.length;
  process.stdout.write(
    [
      '',
      `wrote ${file}`,
      `${context.results.length} figures, ${context.results.filter((r) => r.met).length} met, ${context.results.filter((r) => !r.met).length} not met${failedRuns > 0 ? `, ${failedRuns} benchmark(s) failed to run` : ''}`,
      `took ${formatDuration(totalSeconds)}${only ? '' : ` (budget ${formatDuration(BUDGET_SECONDS)}: ${totalSeconds <= BUDGET_SECONDS ? 'within' : 'OVER'})`}`,
      '',
    ].join('\n'),
  );
  process.exit(failedRuns > 0 ? 1 : 0);
}

function printSummary(results: BenchResult[]): void {
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
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

function formatDuration(seconds: number): string {
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
