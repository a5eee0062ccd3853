import type { Command } from 'commander';
import type { CliIo } from '../cli-io';
import type { ExitStatus } from '../platformctl.program';
import { runGitopsCheck } from './gitops-check.action';
import { runGitopsRender } from './gitops-render.action';

/** `platformctl gitops render|check`: the commands engineers run on a gitops checkout and its PRs. */
export function registerGitopsCommands(program: Command, io: CliIo, status: ExitStatus): void {
  const gitops = program
    .command('gitops')
    .description('Render and check the desired state in a gitops directory.');

  gitops
    .command('render')
    .description(
      'Render platform/ into rendered/ and argocd/ (writes only what changed, removes stale files).',
    )
    .option('--dir <dir>', 'the gitops directory', 'gitops')
    .action(async (options: { dir: string }) => {
      status.code = await runGitopsRender(options.dir, io);
    });

  gitops
    .command('check')
    .description(
      'Check a gitops directory as a PR check does: schemas, names, references, rendered/ drift, and with --base the release rules.',
    )
    .option('--dir <dir>', 'the gitops directory', 'gitops')
    .option('--base <git-ref>', "the PR's base commit: also check the release rules against it")
    .addHelpText(
      'after',
      [
        '',
        'Prints one line per problem, `<path relative to --dir>: <field>: <what is wrong>`, then a summary.',
        'Exit codes: 0 clean, 1 problems found, 2 usage error.',
        '',
        'Example (a PR check):',
        '  npx platformctl gitops check --dir gitops --base origin/main',
      ].join('\n'),
    )
    .action(async (options: { dir: string; base?: string }) => {
      status.code = await runGitopsCheck(options, io);
    });
}
