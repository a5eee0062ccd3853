import { GENERATED_FOLDERS, parseDesiredState, renderDesiredState } from '@platform/gitops';
import { EXIT_OK, EXIT_PROBLEMS, type CliIo } from '../cli-io';
import { writeGenerated } from '@platform/gitops-store';
import { printProblems, problemSummary } from './gitops-problems';
import { readGitopsDir } from './read-gitops-dir';

/** `platformctl gitops render`: refuses to render a tree with problems, so nothing half-valid is written. */
export async function runGitopsRender(dir: string, io: CliIo): Promise<number> {
  const files = await readGitopsDir(dir);
  const { state, problems } = parseDesiredState(files);
  if (problems.length > 0) {
    printProblems(problems, io);
    io.stdout(`render refused: ${problemSummary(problems)}; nothing was written\n`);
    return EXIT_PROBLEMS;
  }
  const generated = renderDesiredState(state);
  const summary = await writeGenerated(dir, files, generated, GENERATED_FOLDERS);
  io.stdout(
    `rendered ${generated.size} files into ${GENERATED_FOLDERS.map((folder) => `${folder}/`).join(' and ')}: ` +
      `${summary.written} written, ${summary.removed} removed, ${summary.unchanged} unchanged\n`,
  );
  return EXIT_OK;
}
