import { execFileSync } from 'node:child_process';

/** One commit of the gitops remote, with its trailers and the files it changed. */
export interface GitopsCommit {
  hash: string;
  subject: string;
  body: string;
  trailers: Record<string, string[]>;
  files: string[];
}

const FIELD = '\x1f';
const RECORD = '\x1e';

/**
 * Reads the audit trail of the local gitops remote (a bare repository) with git itself: how
 * the demo checks that each change is one commit that names its operation and actor.
 */
export class GitopsHistory {
  constructor(private readonly remote: string) {}

  head(): string {
    return this.git(['rev-parse', 'refs/heads/main']).trim();
  }

  /** Commits after `base` up to main, newest first. */
  since(base: string): GitopsCommit[] {
    return this.log([`${base}..refs/heads/main`]);
  }

  commit(hash: string): GitopsCommit {
    const [found] = this.log(['-1', hash]);
    if (!found) throw new Error(`commit ${hash} is not in the gitops remote`);
    return found;
  }

  /** True when `hash` is on main. */
  onMain(hash: string): boolean {
    try {
      this.git(['merge-base', '--is-ancestor', hash, 'refs/heads/main']);
      return true;
    } catch {
      return false;
    }
  }

  private log(range: string[]): GitopsCommit[] {
    const output = this.git([
      'log',
      `--format=${RECORD}%H${FIELD}%s${FIELD}%b${FIELD}%(trailers:only,unfold)${FIELD}`,
      '--name-only',
      ...range,
    ]);
    return output
      .split(RECORD)
      .filter((record) => record.trim() !== '')
      .map((record) => {
        const [hash, subject, body, trailerText, fileText] = record.split(FIELD);
        const trailers: Record<string, string[]> = {};
        for (const line of trailerText.split('\n')) {
          const colon = line.indexOf(': ');
          if (colon <= 0) continue;
          const key = line.slice(0, colon);
          (trailers[key] ??= []).push(line.slice(colon + 2).trim());
        }
        const files = (fileText ?? '').split('\n').filter((line) => line.trim() !== '');
        return { hash, subject, body, trailers, files };
      });
  }

  private git(args: string[]): string {
    return execFileSync('git', ['--git-dir', this.remote, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
}

/** `Platform-Operation` of a commit, or '' when it has none. */
export function operationOf(commit: GitopsCommit): string {
  return commit.trailers['Platform-Operation']?.[0] ?? '';
}
