import type { botDetectionV1alpha1 as bd } from '@platform/contracts';
import { EXIT_OK, EXIT_PROBLEMS } from '../cli-io';
import { formatFields } from '../output/text-table';
import type { ImportTally, LineProblem } from './import-tally';

/** What an import did, as printed at its end (`-o json|yaml` prints it whole). */
export interface ImportSummary {
  pop: string;
  /** The file, or `-` for standard input. */
  input: string;
  lines: number;
  sent: number;
  /** Signatures the service stored (new or replaced). */
  accepted: number;
  /** Malformed lines plus signatures the service refused. */
  rejected: number;
  malformed: number;
  refusedByService: number;
  /** Under --strict: the line the import stopped at; nothing after it was sent. */
  stoppedAtLine?: number;
  durationSeconds: number;
  linesPerSecond: number;
  /** The first problems of each kind, in line order (the service's last when it has no line). */
  problems: LineProblem[];
  /** Rejections not listed in `problems`. */
  moreProblems: number;
}

export function importSummary(
  where: { pop: string; input: string },
  tally: ImportTally,
  answer: bd.ImportSignaturesResponse,
  refusals: readonly LineProblem[],
  durationMs: number,
): ImportSummary {
  const problems = [...tally.problems, ...refusals].sort(
    (a, b) => (a.line ?? Infinity) - (b.line ?? Infinity),
  );
  const rejected = tally.malformed + answer.rejected;
  const seconds = Math.max(durationMs, 1) / 1000;
  return {
    ...where,
    lines: tally.lines,
    sent: tally.sent,
    accepted: answer.imported,
    rejected,
    malformed: tally.malformed,
    refusedByService: answer.rejected,
    ...(tally.stoppedAtLine === undefined ? {} : { stoppedAtLine: tally.stoppedAtLine }),
    durationSeconds: Math.round(seconds * 100) / 100,
    linesPerSecond: Math.round(tally.lines / seconds),
    problems,
    moreProblems: rejected - problems.length,
  };
}

/** 0 when every signature was accepted; 1 when a line or a signature was rejected. */
export function importExitCode(summary: ImportSummary): number {
  return summary.rejected === 0 && summary.stoppedAtLine === undefined ? EXIT_OK : EXIT_PROBLEMS;
}

/** The summary for people: counts, the first `shown` problems with their lines, how long it took. */
export function formatImportSummary(summary: ImportSummary, shown = 5): string {
  const from = summary.input === '-' ? 'standard input' : summary.input;
  const lines = [
    `Imported ${summary.accepted} of ${summary.sent + summary.malformed} signatures from ${from} ` +
      `into ${summary.pop} in ${summary.durationSeconds.toFixed(1)} s ` +
      `(${summary.linesPerSecond} lines/s).`,
    formatFields([
      ['lines', String(summary.lines)],
      ['sent', String(summary.sent)],
      ['accepted', String(summary.accepted)],
      [
        'rejected',
        summary.rejected === 0
          ? '0'
          : `${summary.rejected} (${summary.malformed} malformed lines, ` +
            `${summary.refusedByService} refused by the service)`,
      ],
    ]).trimEnd(),
  ];
  if (summary.stoppedAtLine !== undefined) {
    lines.push(`Stopped at line ${summary.stoppedAtLine} (--strict): nothing after it was sent.`);
  }
  if (summary.problems.length > 0) {
    lines.push('Problems:');
    for (const problem of summary.problems.slice(0, shown)) lines.push(`  ${describe(problem)}`);
    const more = summary.rejected - Math.min(shown, summary.problems.length);
    if (more > 0) lines.push(`  … and ${more} more (-o json lists the first 100 of each kind)`);
  }
  return `${lines.join('\n')}\n`;
}

function describe(problem: LineProblem): string {
  const where = problem.line === undefined ? 'line ?' : `line ${problem.line}`;
  return problem.id === undefined
    ? `${where}: ${problem.problem}`
    : `${where} (${problem.id}): ${problem.problem}`;
}
