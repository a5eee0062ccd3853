import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './bench-result';

/** A figure as `latest.json` keeps it: when it was measured travels with it. */
export interface RecordedResult extends BenchResult {
  measuredAt: string;
}

interface ResultsFile {
  measuredAt: string;
  /** Seconds each benchmark took in the run that produced its figures. */
  durations: Record<string, number>;
  results: RecordedResult[];
}

const RESULTS_DIR = join(__dirname, 'results');

/**
 * Writes `results/latest.json`. A run of one benchmark replaces only that benchmark's figures,
 * so the file always holds the newest figure of every target, each with its own date.
 */
export function writeResults(
  results: RecordedResult[],
  durations: Map<string, number>,
  options: { partial: boolean },
): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, 'latest.json');
  const previous = options.partial ? readPrevious(file) : undefined;
  const ran = new Set(durations.keys());
  const kept = previous?.results.filter((result) => !ran.has(result.benchmark)) ?? [];
  const content: ResultsFile = {
    measuredAt: new Date().toISOString(),
    durations: { ...(previous?.durations ?? {}), ...Object.fromEntries(durations) },
    results: [...kept, ...results],
  };
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  return file;
}

function readPrevious(file: string): ResultsFile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ResultsFile>;
    return {
      measuredAt: parsed.measuredAt ?? '',
      durations: parsed.durations ?? {},
      results: (parsed.results ?? []).map((result) => ({
        ...result,
        measuredAt: result.measuredAt ?? parsed.measuredAt ?? '',
      })),
    };
  } catch {
    // A broken file is replaced rather than blocking the run that would repair it.
    return undefined;
  }
}
