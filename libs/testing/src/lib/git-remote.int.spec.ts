import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRemote, type TestGitRemote } from './git-remote';

describe('createGitRemote', () => {
  let remote: TestGitRemote;

  beforeEach(() => {
    remote = createGitRemote({ files: { 'platform/pops/aws-us-east-1.yaml': 'kind: Pop\n' } });
  });

  afterEach(() => remote.remove());

  it('creates a bare remote whose branch holds the seed files', () => {
    const second = remote.cloneAgain();

    expect(readFileSync(join(second, 'platform/pops/aws-us-east-1.yaml'), 'utf8')).toBe(
      'kind: Pop\n',
    );
    expect(remote.git(['rev-parse', '--is-bare-repository'], remote.url)).toBe('true');
  });

  it('pushes real commits that other clones fetch', () => {
    const commit = remote.commitAndPush(
      { 'platform/spaces/acme.yaml': 'kind: Space\n' },
      'add acme',
    );
    const second = remote.cloneAgain();

    expect(remote.git(['rev-parse', 'HEAD'], second)).toBe(commit);
    expect(remote.git(['log', '--format=%s', '-1'], second)).toBe('add acme');
  });

  it('rejects a push from a clone that is behind, as a real remote does', () => {
    const behind = remote.cloneAgain();
    remote.commitAndPush({ 'a.txt': 'first writer\n' }, 'first writer');
    remote.git(['commit', '--quiet', '--allow-empty', '-m', 'second writer'], behind);

    expect(() => remote.git(['push', '--quiet', 'origin', remote.branch], behind)).toThrow(
      /rejected|non-fast-forward|fetch first/,
    );
  });
});
