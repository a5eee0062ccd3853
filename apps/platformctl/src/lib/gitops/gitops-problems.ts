import type { Problem } from '@platform/gitops';
import type { CliIo } from '../cli-io';

/** One line per problem, `<path>: <field>: <message>`, as PR checks print them. */
export function printProblems(problems: readonly Problem[], io: CliIo): void {
  for (const problem of problems)
    io.stdout(`${problem.path}: ${problem.field}: ${problem.message}\n`);
}

export function problemSummary(problems: readonly Problem[]): string {
  const files = new Set(problems.map((problem) => problem.path)).size;
  return `${problems.length} ${plural(problems.length, 'problem')} in ${files} ${plural(files, 'file')}`;
}

export function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}
