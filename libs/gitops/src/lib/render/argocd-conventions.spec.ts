import { repoPath } from './argocd-conventions';

describe(repoPath.name, () => {
  it('joins parts with single slashes and no leading or trailing one', () => {
    expect(repoPath('gitops', 'rendered/pops/*')).toBe('gitops/rendered/pops/*');
    expect(repoPath('/deploy/gitops/', 'argocd')).toBe('deploy/gitops/argocd');
  });

  it('treats an empty gitops path as the repository root', () => {
    expect(repoPath('', 'argocd')).toBe('argocd');
  });
});
