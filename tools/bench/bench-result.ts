/** One measured figure, as `npm run bench` prints and records it. */
export interface BenchResult {
  benchmark: string;
  metric: string;
  unit: string;
  ours: number;
  /** The raw baseline measured in the same run, when the target is relative to one. */
  baseline: number | null;
  ratio: number | null;
  /** Human-readable target, e.g. `≤ 20 s` or `≤ 2× baseline`. */
  target: string;
  met: boolean;
}

export interface Benchmark {
  name: string;
  description: string;
  run(log: (message: string) => void): Promise<BenchResult[]>;
}

/** Median of a few timings: one slow run on a shared machine should not decide a result. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function timeMs(work: () => Promise<unknown> | unknown): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}
