import {
  Application,
  ApplicationSet,
  AppProject,
} from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import type { DesiredState, Problem, Space } from '../model/desired-state';
import {
  ARGOCD_NAMESPACE,
  IN_CLUSTER,
  PROJECTS,
  repoPath,
  spaceApplicationName,
} from './argocd-conventions';
import { commonLabels } from './labels';
import { manifestsIn, type Manifest } from './manifest';
import { CENTRAL_DIR, CENTRAL_NAMESPACE } from './render-central';
import { popNamespace } from './render-pop';
import { RenderError } from './render-error';
import { spacePlacements } from './space-placement';
import { effectiveMaintenanceWindow, windowSchedule } from './sync-window';

export const ARGOCD_DIR = 'argocd';

type ResourceKind = { group: string; kind: string };
type SyncWindow = NonNullable<AppProject['spec']['syncWindows']>[number];

/** The only cluster-scoped kind any tier may create: its own namespace. */
const NAMESPACE_KIND: ResourceKind[] = [{ group: '', kind: 'Namespace' }];

/** The namespaced kinds each project may sync: exactly the kinds the renderer writes there. */
export const NAMESPACED_KINDS: Readonly<Record<'central' | 'pops' | 'spaces', ResourceKind[]>> = {
  central: [
    { group: '', kind: 'Service' },
    { group: 'apps', kind: 'Deployment' },
    { group: 'apps', kind: 'StatefulSet' },
    { group: 'policy', kind: 'PodDisruptionBudget' },
  ],
  pops: [
    { group: '', kind: 'Service' },
    { group: 'apps', kind: 'Deployment' },
    { group: 'apps', kind: 'StatefulSet' },
    { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
    { group: 'policy', kind: 'PodDisruptionBudget' },
  ],
  spaces: [
    { group: '', kind: 'ConfigMap' },
    { group: '', kind: 'PersistentVolumeClaim' },
    { group: '', kind: 'Service' },
    { group: 'apps', kind: 'Deployment' },
    { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
    { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
    { group: 'policy', kind: 'PodDisruptionBudget' },
  ],
};

const AUTOMATED = { automated: { prune: true, selfHeal: true } };

/**
 * The Argo CD bootstrap in `argocd/`: a root app-of-apps over this folder, an Application
 * for Central, ApplicationSets generating one Application per PoP folder and per Space side
 * folder (each aimed at the cluster named after the PoP), and least-privilege AppProjects.
 * The `spaces` project carries the Spaces' maintenance windows as allow windows, so Argo CD
 * itself refuses automated syncs outside them (manual syncs stay possible for emergencies). Apply `appproject-bootstrap.yaml` and `application-root.yaml` once by hand;
 * the root Application keeps everything here, itself included, in sync from then on.
 */
export function renderArgocd(state: DesiredState): Manifest[] {
  const { repoURL, targetRevision, path } = state.settings.spec.argocd;
  const source = (folder: string) => ({ repoURL, targetRevision, path: folder });
  const pops = [...state.pops.keys()].sort();
  const spaceIndex = repoPath(path).split('/').filter(Boolean).length + 2;

  return manifestsIn(ARGOCD_DIR, [
    project(PROJECTS.bootstrap, repoURL, {
      destinations: [{ name: IN_CLUSTER, namespace: ARGOCD_NAMESPACE }],
      namespaceResourceWhitelist: [
        { group: 'argoproj.io', kind: 'AppProject' },
        { group: 'argoproj.io', kind: 'Application' },
        { group: 'argoproj.io', kind: 'ApplicationSet' },
      ],
    }),
    application('root', PROJECTS.bootstrap, source(repoPath(path, ARGOCD_DIR)), {
      name: IN_CLUSTER,
      namespace: ARGOCD_NAMESPACE,
    }),

    project(PROJECTS.central, repoURL, {
      destinations: [{ name: IN_CLUSTER, namespace: CENTRAL_NAMESPACE }],
      clusterResourceWhitelist: NAMESPACE_KIND,
      namespaceResourceWhitelist: NAMESPACED_KINDS.central,
    }),
    application('central', PROJECTS.central, source(repoPath(path, CENTRAL_DIR)), {
      name: IN_CLUSTER,
      namespace: CENTRAL_NAMESPACE,
    }),

    project(PROJECTS.pops, repoURL, {
      destinations: pops.map((pop) => ({ name: pop, namespace: popNamespace(pop) })),
      clusterResourceWhitelist: NAMESPACE_KIND,
      namespaceResourceWhitelist: NAMESPACED_KINDS.pops,
    }),
    applicationSet('pops', repoURL, targetRevision, repoPath(path, 'rendered/pops/*'), {
      name: 'pop-{{path.basename}}',
      project: PROJECTS.pops,
      namespace: 'pop-{{path.basename}}',
    }),

    project(PROJECTS.spaces, repoURL, {
      destinations: pops.map((pop) => ({ name: pop, namespace: 'space-*' })),
      clusterResourceWhitelist: NAMESPACE_KIND,
      namespaceResourceWhitelist: NAMESPACED_KINDS.spaces,
      syncWindows: spaceSyncWindows(state),
    }),
    applicationSet('spaces', repoURL, targetRevision, repoPath(path, 'rendered/spaces/*/*'), {
      // Folders are <path>/rendered/spaces/<space>/<pop>: the Space is segment `spaceIndex`.
      name: `space-{{path[${spaceIndex}]}}-{{path.basename}}`,
      project: PROJECTS.spaces,
      namespace: `space-{{path[${spaceIndex}]}}`,
    }),
  ]);
}

/**
 * A project that may read only this repository. No `description`: kubernetes-models'
 * generator strips every property named `description` from the compiled schemas, so the
 * strict field check cannot tell it is declared.
 */
function project(
  name: string,
  repoURL: string,
  spec: Omit<AppProject['spec'], 'description' | 'sourceRepos'>,
): AppProject {
  return new AppProject({
    metadata: { name, namespace: ARGOCD_NAMESPACE, labels: commonLabels(name) },
    spec: {
      sourceRepos: [repoURL],
      destinations: spec.destinations,
      clusterResourceWhitelist: spec.clusterResourceWhitelist,
      namespaceResourceWhitelist: spec.namespaceResourceWhitelist,
      syncWindows: spec.syncWindows,
    },
  });
}

function application(
  name: string,
  project: string,
  source: { repoURL: string; targetRevision: string; path: string },
  destination: { name: string; namespace: string },
): Application {
  return new Application({
    metadata: { name, namespace: ARGOCD_NAMESPACE, labels: commonLabels(name) },
    spec: { project, source, destination, syncPolicy: AUTOMATED },
  });
}

/**
 * An ApplicationSet with a git directories generator: one Application per folder matching
 * `directories`, synced to the cluster named after the folder (`{{path.basename}}`, a PoP).
 * Applications whose folder disappears are deleted, but their resources are left in place:
 * tearing down a PoP or a Space is an explicit operation, never a side effect of a commit.
 */
function applicationSet(
  name: string,
  repoURL: string,
  targetRevision: string,
  directories: string,
  template: { name: string; project: string; namespace: string },
): ApplicationSet {
  return new ApplicationSet({
    metadata: { name, namespace: ARGOCD_NAMESPACE, labels: commonLabels(name) },
    spec: {
      generators: [
        { git: { repoURL, revision: targetRevision, directories: [{ path: directories }] } },
      ],
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: { name: template.name },
        spec: {
          project: template.project,
          source: { repoURL, targetRevision, path: '{{path}}' },
          destination: { name: '{{path.basename}}', namespace: template.namespace },
          syncPolicy: AUTOMATED,
        },
      },
    },
  });
}

/**
 * The Spaces' allow windows, naming each Space's Applications exactly: a wildcard
 * (`space-acme-*`) would also match the Space `acme-eu` and open its window too. Spaces whose
 * windows are the same share one entry (all basic-tier Spaces, for a start): one entry per
 * Space would make the project of a 10,000-Space fleet about 1.7 MB, past etcd's 1.5 MiB
 * object limit. Entries come in the order of their first Space's name.
 */
function spaceSyncWindows(state: DesiredState): SyncWindow[] {
  const owners = new Map<string, string>();
  const problems: Problem[] = [];
  const windows = new Map<string, SyncWindow & { applications: string[] }>();
  for (const name of [...state.spaces.keys()].sort()) {
    const space = state.spaces.get(name) as Space;
    const window = effectiveMaintenanceWindow(space, state.settings);
    const schedule = windowSchedule(window);
    const duration = `${window.durationMinutes}m`;
    const key = `${schedule}|${duration}|${window.timeZone}`;
    let entry = windows.get(key);
    if (entry === undefined) {
      entry = {
        kind: 'allow',
        schedule,
        duration,
        applications: [],
        timeZone: window.timeZone,
        manualSync: true,
      };
      windows.set(key, entry);
    }
    for (const { pop } of spacePlacements(space)) {
      const application = spaceApplicationName(name, pop);
      const owner = owners.get(application);
      if (owner !== undefined) {
        problems.push({
          path: `platform/spaces/${name}.yaml`,
          field: 'metadata.name',
          message: `its Argo CD Application ${application} would be the same as Space ${owner}'s`,
        });
      }
      owners.set(application, name);
      entry.applications.push(application);
    }
  }
  if (problems.length > 0) throw new RenderError(problems);
  return [...windows.values()];
}
