import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTempDir } from './temp-dir';

export interface TestGitRemote {
  /** Path of the bare repository; usable as a remote URL. */
  url: string;
  /** A working clone of the remote, on `branch`, with a test identity configured. */
  clonePath: string;
  branch: string;
  /** Runs git in the clone (or in `cwd`) and returns its trimmed stdout. */
  git(args: readonly string[], cwd?: string): string;
  /** Writes files in the clone, commits them and pushes; returns the new commit id. */
  commitAndPush(files: Record<string, string>, message: string): string;
  /** Makes another clone, as a second writer would have. */
  cloneAgain(): string;
  remove(): void;
}

const testIdentity = ['-c', 'user.name=Platform Tests', '-c', 'user.email=tests@platform.invalid'];

/** A real temporary bare git repository with one initial commit, and a clone of it. */
export function createGitRemote(
  options: { branch?: string; files?: Record<string, string> } = {},
): TestGitRemote {
  const branch = options.branch ?? 'main';
  const root = createTempDir('git-remote');
  const url = join(root.path, 'remote.git');
  const git = (args: readonly string[], cwd: string = clonePath) =>
    execFileSync('git', [...testIdentity, ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();

  git(['init', '--quiet', '--bare', `--initial-branch=${branch}`, url], root.path);
  const clonePath = join(root.path, 'clone');
  git(['clone', '--quiet', url, clonePath], root.path);
  git(['checkout', '--quiet', '-B', branch]);

  let clones = 0;
  const commitAndPush = (files: Record<string, string>, message: string) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(clonePath, path)), { recursive: true });
      writeFileSync(join(clonePath, path), content);
    }
    git(['add', '--all']);
    git(['commit', '--quiet', '--allow-empty', '-m', message]);
    git(['push', '--quiet', 'origin', branch]);
    return git(['rev-parse', 'HEAD']);
  };
  commitAndPush(options.files ?? { 'README.md': '# test remote\n' }, 'initial commit');

  return {
    url,
    clonePath,
    branch,
    git,
    commitAndPush,
    cloneAgain: () => {
      clones += 1;
      const path = join(root.path, `clone-${clones}`);
      git(['clone', '--quiet', '--branch', branch, url, path], root.path);
      return path;
    },
    remove: root.remove,
  };
}
