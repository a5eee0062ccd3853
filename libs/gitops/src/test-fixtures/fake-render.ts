import type { DesiredState, GitopsFiles } from '../lib/model/desired-state';

/**
 * A stand-in for the real renderer: one ConfigMap per Space and per PoP, and an Argo CD file
 * that depends on the settings, so tests see drift when the desired state changes.
 */
export function fakeRender(state: DesiredState): GitopsFiles {
  const files = new Map<string, string>();
  for (const [name, space] of state.spaces) {
    files.set(
      `rendered/spaces/${name}/configmap-${name}.yaml`,
      configMap(name, { tier: space.spec.tier, release: space.spec.release }),
    );
  }
  for (const [name, pop] of state.pops) {
    files.set(
      `rendered/pops/${name}/configmap-${name}.yaml`,
      configMap(name, { cloud: pop.spec.cloud, release: pop.spec.release }),
    );
  }
  const { repoURL, targetRevision } = state.settings.spec.argocd;
  files.set(
    'argocd/application-root.yaml',
    `kind: Application\nrepoURL: ${repoURL}\ntargetRevision: ${targetRevision}\n`,
  );
  return files;
}

function configMap(name: string, data: Record<string, string>): string {
  const lines = Object.entries(data).map(([key, value]) => `  ${key}: ${value}`);
  return ['kind: ConfigMap', `name: ${name}`, 'data:', ...lines, ''].join('\n');
}
