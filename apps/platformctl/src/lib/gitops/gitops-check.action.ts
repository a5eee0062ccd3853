import { checkGitopsTree, parseDesiredState, renderDesiredState } from '@platform/gitops';
import { EXIT_OK, EXIT_PROBLEMS, type CliIo } from '../cli-io';
import { readGitopsTreeAtRef } from './git-ref-tree';
import { plural, printProblems, problemSummary } from './gitops-problems';
import { readGitopsDir } from './read-gitops-dir';

/** `platformctl gitops check`: what engineers run on a manifest PR. */
export async function runGitopsCheck(
  options: { dir: string; base?: string },
  io: CliIo,
): Promise<number> {
  const files = await readGitopsDir(options.dir);
  const baseFiles = options.base ? await readGitopsTreeAtRef(options.dir, options.base) : undefined;
  const problems = checkGitopsTree({ files, baseFiles, render: renderDesiredState });
  printProblems(problems, io);
  if (problems.length > 0) {
    io.stdout(`gitops check failed: ${problemSummary(problems)}\n`);
    return EXIT_PROBLEMS;
  }
  const { state } = parseDesiredState(files);
  const counts = [
    [state.pops.size, 'PoP'],
    [state.spaces.size, 'Space'],
    [state.channels.size, 'channel'],
    [state.releases.size, 'release'],
  ] as const;
  const against = options.base ? `, release rules against ${options.base}` : '';
  io.stdout(
    `gitops check passed: ${counts.map(([count, noun]) => `${count} ${plural(count, noun)}`).join(', ')}${against}\n`,
  );
  return EXIT_OK;
}
