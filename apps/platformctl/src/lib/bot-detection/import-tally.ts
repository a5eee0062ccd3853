/** A problem with one line of the input, or with the signature it held. */
export interface LineProblem {
  /** 1-based line number; undefined when it cannot be known (a server rejection from stdin). */
  line?: number;
  /** The signature's id, for problems the service reported. */
  id?: string;
  problem: string;
}

/** How far an import got; the reader and the sender update it, the progress display reads it. */
export interface ImportTally {
  /** Lines read so far (blank ones included). */
  lines: number;
  /** Signatures handed to the service. */
  sent: number;
  /** Lines skipped as malformed. */
  malformed: number;
  /** The first {@link MAX_KEPT_PROBLEMS} malformed lines. */
  problems: LineProblem[];
  /** Under --strict: the malformed line the import stopped at. */
  stoppedAtLine?: number;
}

/** Problems kept per source (file and service): enough to act on, bounded for huge feeds. */
export const MAX_KEPT_PROBLEMS = 100;

export function newTally(): ImportTally {
  return { lines: 0, sent: 0, malformed: 0, problems: [] };
}

export function recordMalformed(tally: ImportTally, line: number, problem: string): void {
  tally.malformed += 1;
  if (tally.problems.length < MAX_KEPT_PROBLEMS) tally.problems.push({ line, problem });
}
