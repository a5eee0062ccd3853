import type { TestGitRemote } from '@platform/testing';
import { execFileSync } from 'node:child_process';

/** One commit of the remote branch with its gitops files (paths relative to `gitops/`). */
export interface HistoryCommit {
  id: string;
  subject: string;
  message: string;
  files: ReadonlyMap<string, string>;
}

const GITOPS = 'gitops/';

/**
 * Every commit of the remote branch, oldest first, with its whole gitops tree. Blobs are read
 * once each through `git cat-file --batch`, so replaying a few hundred commits of a fleet with
 * thousands of files takes seconds, not one git process per file.
 */
export function readHistory(remote: TestGitRemote): HistoryCommit[] {
  const git = (args: string[], input?: string): Buffer =>
    execFileSync('git', args, {
      cwd: remote.url,
      input,
      maxBuffer: 1 << 30,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  const log = git(['log', '--reverse', '--format=%H%x1f%B%x1e', remote.branch]).toString('utf8');
  const commits = log
    .split('\x1e')
    .map((entry) => entry.replace(/^\n/, ''))
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [id, message] = entry.split('\x1f') as [string, string];
      return { id, message: message.trimEnd() };
    });
  const blobs = new Map<string, string>();
  const trees = commits.map(({ id }) => {
    const listing = git(['ls-tree', '-r', '--full-tree', id, GITOPS]).toString('utf8');
    return listing
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [meta, path] = line.split('\t') as [string, string];
        return { path: path.slice(GITOPS.length), blob: meta.split(' ')[2] as string };
      });
  });
  const missing = [...new Set(trees.flat().map((entry) => entry.blob))];
  readBlobs(git(['cat-file', '--batch'], `${missing.join('\n')}\n`), blobs);
  return commits.map(({ id, message }, index) => ({
    id,
    subject: message.split('\n')[0] ?? '',
    message,
    files: new Map((trees[index] ?? []).map(({ path, blob }) => [path, blobs.get(blob) as string])),
  }));
}

/** Parses `git cat-file --batch` output: `<id> blob <size>\n<content>\n` per object. */
function readBlobs(output: Buffer, into: Map<string, string>): void {
  let offset = 0;
  while (offset < output.length) {
    const newline = output.indexOf(10, offset);
    const [id, , size] = output.subarray(offset, newline).toString('utf8').split(' ');
    const start = newline + 1;
    const end = start + Number(size);
    into.set(id as string, output.subarray(start, end).toString('utf8'));
    offset = end + 1;
  }
}
