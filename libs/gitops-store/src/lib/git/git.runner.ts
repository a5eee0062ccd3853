import { execFile } from 'node:child_process';

/** What a git command printed. */
export interface GitOutput {
  stdout: string;
  stderr: string;
}

/** A git command that exited non-zero, could not start, or ran out of time. */
export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | string | null,
    readonly stdout: string,
    readonly stderr: string,
    readonly timedOut: boolean,
  ) {
    super(
      `git ${args[0] ?? ''} ${timedOut ? 'timed out' : `failed (${exitCode})`}: ${summarizeGitOutput(stderr)}`,
    );
    this.name = 'GitCommandError';
  }
}

// Variables a parent git (a hook, a test runner inside a repository) may have set that would
// point our commands at another repository or index.
const REPOSITORY_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_COMMON_DIR',
  'GIT_PREFIX',
];

/**
 * The environment git runs with: the caller's, without variables that redirect the repository,
 * with the store's identity, untranslated messages (the store reads some of them) and no
 * interactive credential prompt (a service has nobody to answer it).
 */
export function gitEnvironment(
  base: NodeJS.ProcessEnv,
  author: { name: string; email: string },
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of REPOSITORY_VARIABLES) delete env[name];
  return {
    ...env,
    LC_ALL: 'C',
    LANGUAGE: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
}

/** Runs git without a shell, one process per call. */
export class GitRunner {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly timeoutMs: number,
  ) {}

  run(cwd: string, args: readonly string[], input?: string): Promise<GitOutput> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        args,
        {
          cwd,
          env: this.env,
          encoding: 'utf8',
          maxBuffer: 512 * 1024 * 1024,
          timeout: this.timeoutMs,
          killSignal: 'SIGKILL',
        },
        (error, stdout, stderr) => {
          if (!error) {
            resolve({ stdout, stderr });
            return;
          }
          const timedOut = error.killed === true && error.signal === 'SIGKILL';
          reject(
            new GitCommandError(
              args,
              error.code ?? error.signal ?? null,
              stdout,
              stderr || error.message,
              timedOut,
            ),
          );
        },
      );
      // git may exit before reading all of its input (for example on a bad argument); the exit
      // callback above reports that, so a broken pipe here is not an error of its own.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input ?? '');
    });
  }
}

/**
 * git's error output on one line: hints and blank lines dropped, credentials in URLs masked,
 * at most 500 characters.
 */
export function summarizeGitOutput(text: string): string {
  const summary = text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('hint:'))
    .join('; ')
    .replace(/(\w+:\/\/)[^/@\s]+@/g, '$1***@');
  if (summary === '') return 'no output';
  return summary.length > 500 ? `${summary.slice(0, 497)}...` : summary;
}
