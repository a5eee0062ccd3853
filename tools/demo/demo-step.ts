import type { DemoRun } from './demo-run';

/** One step of the guided demo: does something, verifies it, and says both. */
export interface DemoStep {
  /** Short name for the summary table, e.g. `create a Space`. */
  name: string;
  /**
   * Runs the step; `report` prints a line of what happened or how it was verified. Returns the
   * one-line result. Throws when a verification fails (the demo stops there).
   */
  run(run: DemoRun, report: (line: string) => void): Promise<string>;
}

/** Throws with `message` unless `condition` holds: the demo's verifications. */
export function verify(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`verification failed: ${message}`);
}

export const short = (hash: string) => hash.slice(0, 12);
