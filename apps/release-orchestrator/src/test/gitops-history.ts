import { checkGitopsTree, renderDesiredState, type Problem } from '@platform/gitops';
import type { TestGitRemote } from '@platform/testing';

/** The gitops files (paths relative to `gitops/`) of `commit` on the remote. */
export function filesAt(remote: TestGitRemote, commit: string): Map<string, string> {
  const paths = remote
    .git(['ls-tree', '-r', '--name-only', commit, 'gitops/'], remote.url)
    .split('\n')
    .filter((path) => path !== '');
  return new Map(
    paths.map((path) => [
      path.slice('gitops/'.length),
      remote.git(['cat-file', 'blob', `${commit}:${path}`], remote.url) + '\n',
    ]),
  );
}

/**
 * What `platformctl gitops check --base <commit>^` reports for `commit`. (`git cat-file` output
 * is trimmed by the helper, so files are compared with one trailing newline restored.)
 */
export function checkCommit(remote: TestGitRemote, commit: string): Problem[] {
  return checkGitopsTree({
    files: filesAt(remote, commit),
    baseFiles: filesAt(remote, `${commit}^`),
    render: renderDesiredState,
  });
}

/** Commits of the remote branch, oldest first, without the seed commit. */
export function commitsAfterSeed(remote: TestGitRemote): string[] {
  return remote.git(['rev-list', '--reverse', remote.branch], remote.url).split('\n').slice(1);
}
