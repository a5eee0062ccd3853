import { writeFileSync } from 'node:fs';
import { renderTable } from '../dev/launcher/render-table';
import type { DemoFacts } from './demo-run';

/** How one step ended. */
export interface StepResult {
  step: string;
  result: 'ok' | 'failed' | 'not run';
  /** The step's one-line result, or why it failed. */
  detail: string;
  seconds: number;
  lines: string[];
}

export function summaryTable(results: readonly StepResult[]): string {
  return renderTable(
    ['step', 'result', 'seconds', 'what happened'],
    results.map((result) => [
      result.step,
      result.result,
      result.result === 'not run' ? '-' : result.seconds.toFixed(1),
      result.detail,
    ]),
  );
}

/** `--json <file>`: the results and facts, for the end-to-end tests and scripts. */
export function writeJsonResults(
  file: string,
  results: readonly StepResult[],
  facts: DemoFacts,
  seconds: number,
): void {
  const ok = results.every((result) => result.result === 'ok');
  writeFileSync(file, `${JSON.stringify({ ok, seconds, steps: results, facts }, null, 2)}\n`);
}
