/** The namespace Argo CD runs in, where its Applications and AppProjects live. */
export const ARGOCD_NAMESPACE = 'argocd';

/** Argo CD's name for the cluster it runs in; Central runs there. */
export const IN_CLUSTER = 'in-cluster';

/** The AppProjects, one per tier, plus the one the bootstrap itself lives in. */
export const PROJECTS = {
  bootstrap: 'bootstrap',
  central: 'central',
  pops: 'pops',
  spaces: 'spaces',
} as const;

/** The Application Argo CD generates for one side of a Space (see the spaces ApplicationSet). */
export function spaceApplicationName(space: string, pop: string): string {
  return `space-${space}-${pop}`;
}

/** Joins repository paths, dropping empty parts and stray slashes (`''` is the repository root). */
export function repoPath(...parts: string[]): string {
  return parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .join('/');
}
