import type {
  IApplication,
  IApplicationSet,
  IAppProject,
} from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { IConfigMap, INamespace } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_SETTINGS, type Settings, type Tier } from '../model/desired-state';
import { RENDERED_HEADER, renderDesiredState } from './render-desired-state';
import { RenderError } from './render-error';
import { aDesiredState, aPop, aRelease, aSpace, type StateParts } from './test-support';

const EAST = 'aws-us-east-1';
const WEST = 'gcp-europe-west1';

function render(parts: StateParts = {}): Map<string, string> {
  return renderDesiredState(aDesiredState(parts));
}

/** The one document of a rendered file, as the type the test expects there. */
function read<T>(files: Map<string, string>, path: string): T {
  const text = files.get(path);
  if (text === undefined)
    throw new Error(`${path} was not rendered; rendered: ${[...files.keys()].join(', ')}`);
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length !== 1)
    throw new Error(`${path} is not one document`);
  return documents[0].toJS() as T;
}

function pathsUnder(files: Map<string, string>, dir: string): string[] {
  return [...files.keys()].filter((path) => path.startsWith(`${dir}/`)).sort();
}

function withArgocdPath(path: string): Settings {
  return {
    ...DEFAULT_SETTINGS,
    spec: { ...DEFAULT_SETTINGS.spec, argocd: { ...DEFAULT_SETTINGS.spec.argocd, path } },
  };
}

describe(renderDesiredState.name, () => {
  describe('conventions', () => {
    const files = render({
      spaces: [
        aSpace('acme', { pci: true, geoFailover: { secondaryPop: WEST, active: 'primary' } }),
        aSpace('hooli'),
      ],
    });

    it('renders the same text twice, whatever order the documents were read in', () => {
      const spaces = [aSpace('zeta', { tier: 'basic' }), aSpace('alpha', { pci: true })];
      const forward = render({ spaces, pops: [aPop(EAST), aPop(WEST)] });
      const backward = render({ spaces: [...spaces].reverse(), pops: [aPop(WEST), aPop(EAST)] });
      expect([...backward].sort()).toEqual([...forward].sort());
      expect(render({ spaces })).toEqual(render({ spaces }));
    });

    it('writes one object per file, named <kind>-<name>.yaml, under the generated-file header', () => {
      for (const [path, text] of files) {
        expect(text.startsWith(`${RENDERED_HEADER}\n`)).toBe(true);
        const object = read<{ kind: string; metadata: { name: string } }>(files, path);
        expect(path.split('/').pop()).toBe(
          `${object.kind.toLowerCase()}-${object.metadata.name}.yaml`,
        );
      }
    });

    it('lays files out as central, one folder per PoP, one per Space side, and the Argo CD bootstrap', () => {
      const folders = new Set(
        [...files.keys()].map((path) => path.slice(0, path.lastIndexOf('/'))),
      );
      expect([...folders].sort()).toEqual([
        'argocd',
        'rendered/central',
        `rendered/pops/${EAST}`,
        `rendered/pops/${WEST}`,
        `rendered/spaces/acme/${EAST}`,
        `rendered/spaces/acme/${WEST}`,
        `rendered/spaces/hooli/${EAST}`,
      ]);
    });

    it('labels every object as the platform’s, managed by platformctl, with sorted label keys', () => {
      for (const path of files.keys()) {
        const labels = read<{ metadata: { labels: Record<string, string> } }>(files, path).metadata
          .labels;
        expect(labels).toMatchObject({
          'app.kubernetes.io/part-of': 'private-cloud-platform',
          'app.kubernetes.io/managed-by': 'platformctl',
        });
        expect(Object.keys(labels)).toEqual(Object.keys(labels).sort());
      }
    });

    it('gives every container the restricted security context', () => {
      for (const path of files.keys()) {
        if (!/\/(deployment|statefulset)-/.test(path)) continue;
        const { spec } = read<IDeployment | IStatefulSet>(files, path);
        for (const container of spec?.template.spec?.containers ?? []) {
          expect(container.securityContext).toEqual({
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          });
        }
      }
    });
  });

  it('checks every object against its schema and names the file and field that fail', () => {
    const broken = aRelease('2026.45.0');
    broken.spec.components['api'] = 42 as unknown as string;
    const state = { releases: [broken], spaces: [aSpace('acme')] };
    expect(() => render(state)).toThrow(RenderError);
    expect(() => render(state)).toThrow(
      `rendered/spaces/acme/${EAST}/deployment-api.yaml: spec.template.spec.containers[0].image: must be string`,
    );
  });

  describe('Central and PoPs', () => {
    it('runs Central on the prod channel’s release and each PoP on its own', () => {
      const files = render({ pops: [aPop(EAST, '2026.46.0')] });
      const image = (path: string) =>
        read<IDeployment>(files, path).spec?.template.spec?.containers[0].image;
      expect(image('rendered/central/deployment-control-plane.yaml')).toBe(
        'registry.privatecloud.io/platform/control-plane:2026.45.0',
      );
      expect(image(`rendered/pops/${EAST}/deployment-pop-relay.yaml`)).toBe(
        'registry.privatecloud.io/platform/pop-relay:2026.46.0',
      );
    });

    it('uses the image a release pins for a platform service', () => {
      const release = aRelease('2026.45.0', ['api', 'pop-relay']);
      const files = render({ releases: [release], pops: [aPop(EAST, '2026.45.0')] });
      expect(
        read<IDeployment>(files, `rendered/pops/${EAST}/deployment-pop-relay.yaml`).spec?.template
          .spec?.containers[0].image,
      ).toBe(release.spec.components['pop-relay']);
    });

    it('keeps PoP Redis on a volume with an append-only file fsync’d every second', () => {
      const files = render({ pops: [aPop(EAST)] });
      const redis = read<IStatefulSet>(files, `rendered/pops/${EAST}/statefulset-redis.yaml`);
      expect(redis.spec?.template.spec?.containers[0].args).toEqual([
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--dir',
        '/data',
      ]);
      expect(redis.spec?.volumeClaimTemplates?.[0].metadata?.name).toBe('data');
      expect(
        read<{ spec: { clusterIP: string } }>(files, `rendered/pops/${EAST}/service-redis.yaml`)
          .spec.clusterIP,
      ).toBe('None');
    });

    it('lets only pop-relay and bot-detection reach a PoP’s Redis, after denying all ingress', () => {
      const files = render({ pops: [aPop(EAST)] });
      const dir = `rendered/pops/${EAST}`;
      expect(
        read<INetworkPolicy>(files, `${dir}/networkpolicy-default-deny-ingress.yaml`).spec,
      ).toEqual({
        podSelector: {},
        policyTypes: ['Ingress'],
      });
      const redis = read<INetworkPolicy>(files, `${dir}/networkpolicy-allow-redis.yaml`).spec;
      expect(redis?.ingress?.[0].from).toEqual([
        {
          podSelector: {
            matchExpressions: [
              {
                key: 'app.kubernetes.io/name',
                operator: 'In',
                values: ['bot-detection', 'pop-relay'],
              },
            ],
          },
        },
      ]);
    });
  });

  describe('Spaces', () => {
    it.each<[Tier, number, number, string, string]>([
      ['basic', 1, 3, '250m', '512Mi'],
      ['performance', 2, 6, '1', '2Gi'],
      ['performance-plus', 3, 12, '2', '4Gi'],
    ])('sizes every component of a %s Space from the tier table', (tier, min, max, cpu, memory) => {
      const files = render({ spaces: [aSpace('acme', { tier })] });
      for (const component of ['api', 'login-ui', 'worker']) {
        const dir = `rendered/spaces/acme/${EAST}`;
        const hpa = read<IHorizontalPodAutoscaler>(
          files,
          `${dir}/horizontalpodautoscaler-${component}.yaml`,
        );
        expect([hpa.spec?.minReplicas, hpa.spec?.maxReplicas]).toEqual([min, max]);
        expect(hpa.spec?.metrics?.[0].resource?.target).toEqual({
          type: 'Utilization',
          averageUtilization: 70,
        });
        const container = read<IDeployment>(files, `${dir}/deployment-${component}.yaml`).spec
          ?.template.spec?.containers[0];
        expect(container?.resources).toEqual({ requests: { cpu, memory }, limits: { memory } });
      }
    });

    it('runs each component of the Space’s pinned release, by digest, plus its agent', () => {
      const files = render({ spaces: [aSpace('acme', { release: '2026.46.0' })] });
      const dir = `rendered/spaces/acme/${EAST}`;
      expect(pathsUnder(files, dir).filter((path) => path.includes('/deployment-'))).toEqual([
        `${dir}/deployment-api.yaml`,
        `${dir}/deployment-login-ui.yaml`,
        `${dir}/deployment-space-agent.yaml`,
        `${dir}/deployment-worker.yaml`,
      ]);
      expect(
        read<IDeployment>(files, `${dir}/deployment-api.yaml`).spec?.template.spec?.containers[0]
          .image,
      ).toBe(aRelease('2026.46.0').spec.components['api']);
    });

    it('labels the namespace with the Space, PoP, tier, channel and release', () => {
      const files = render({
        spaces: [aSpace('acme', { tier: 'basic', channel: 'dev', release: '2026.47.0' })],
      });
      expect(
        read<INamespace>(files, `rendered/spaces/acme/${EAST}/namespace-space-acme.yaml`).metadata
          ?.labels,
      ).toMatchObject({
        'platform.privatecloud.io/space': 'acme',
        'platform.privatecloud.io/pop': EAST,
        'platform.privatecloud.io/tier': 'basic',
        'platform.privatecloud.io/channel': 'dev',
        'platform.privatecloud.io/release': '2026.47.0',
      });
    });

    it('points the agent at its PoP’s relay and names its Space', () => {
      const files = render({ spaces: [aSpace('acme')] });
      const env = read<IDeployment>(
        files,
        `rendered/spaces/acme/${EAST}/deployment-space-agent.yaml`,
      ).spec?.template.spec?.containers[0].env;
      expect(env).toEqual(
        expect.arrayContaining([
          { name: 'PLATFORM_SPACE', value: 'acme' },
          { name: 'PLATFORM_RELAY_ADDRESS', value: `pop-relay.pop-${EAST}.svc:8443` },
        ]),
      );
    });

    describe('with pci', () => {
      const files = render({
        spaces: [aSpace('acme', { pci: true }), aSpace('hooli', { pci: false })],
      });
      const acme = `rendered/spaces/acme/${EAST}`;

      it('enforces the restricted Pod Security Standard on the namespace', () => {
        expect(
          read<INamespace>(files, `${acme}/namespace-space-acme.yaml`).metadata?.labels,
        ).toMatchObject({
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        });
        const hooli = read<INamespace>(
          files,
          `rendered/spaces/hooli/${EAST}/namespace-space-hooli.yaml`,
        );
        expect(
          Object.keys(hooli.metadata?.labels ?? {}).filter((key) => key.startsWith('pod-security')),
        ).toEqual([]);
      });

      it('denies all traffic in and out, then allows DNS, ingress, components and the agent to its PoP', () => {
        expect(pathsUnder(files, acme).filter((path) => path.includes('/networkpolicy-'))).toEqual([
          `${acme}/networkpolicy-allow-agent-to-pop.yaml`,
          `${acme}/networkpolicy-allow-between-components.yaml`,
          `${acme}/networkpolicy-allow-dns.yaml`,
          `${acme}/networkpolicy-allow-ingress-to-components.yaml`,
          `${acme}/networkpolicy-default-deny.yaml`,
        ]);
        expect(read<INetworkPolicy>(files, `${acme}/networkpolicy-default-deny.yaml`).spec).toEqual(
          {
            podSelector: {},
            policyTypes: ['Ingress', 'Egress'],
          },
        );
        const dns = read<INetworkPolicy>(files, `${acme}/networkpolicy-allow-dns.yaml`).spec
          ?.egress?.[0];
        expect(dns?.ports).toEqual([
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ]);
        const agent = read<INetworkPolicy>(
          files,
          `${acme}/networkpolicy-allow-agent-to-pop.yaml`,
        ).spec;
        expect(agent?.egress?.[0].to?.[0].namespaceSelector?.matchLabels).toEqual({
          'kubernetes.io/metadata.name': `pop-${EAST}`,
        });
        expect(agent?.egress?.[0].ports).toEqual([{ protocol: 'TCP', port: 8443 }]);
      });

      it('adds no NetworkPolicies to a Space without pci', () => {
        expect(
          pathsUnder(files, `rendered/spaces/hooli/${EAST}`).filter((path) =>
            path.includes('networkpolicy'),
          ),
        ).toEqual([]);
      });
    });

    describe('with geo-failover', () => {
      const acme = aSpace('acme', {
        tier: 'performance',
        geoFailover: { secondaryPop: WEST, active: 'primary' },
      });
      const files = render({ spaces: [acme] });
      const primary = `rendered/spaces/acme/${EAST}`;
      const secondary = `rendered/spaces/acme/${WEST}`;

      it('renders the Space in both PoPs', () => {
        expect(pathsUnder(files, 'rendered/spaces/acme').map((path) => path.split('/')[3])).toEqual(
          expect.arrayContaining([EAST, WEST]),
        );
        expect(
          read<INamespace>(files, `${secondary}/namespace-space-acme.yaml`).metadata?.labels,
        ).toMatchObject({
          'platform.privatecloud.io/pop': WEST,
        });
      });

      it('scales the standby side’s components to zero, without autoscalers, and keeps its agent running', () => {
        for (const component of ['api', 'login-ui', 'worker']) {
          expect(
            read<IDeployment>(files, `${secondary}/deployment-${component}.yaml`).spec?.replicas,
          ).toBe(0);
          expect(files.has(`${secondary}/horizontalpodautoscaler-${component}.yaml`)).toBe(false);
          expect(files.has(`${primary}/horizontalpodautoscaler-${component}.yaml`)).toBe(true);
        }
        expect(
          read<IDeployment>(files, `${secondary}/deployment-space-agent.yaml`).spec?.replicas,
        ).toBe(1);
        const agentEnv = read<IDeployment>(files, `${secondary}/deployment-space-agent.yaml`).spec
          ?.template.spec?.containers[0].env;
        expect(agentEnv).toContainEqual({
          name: 'PLATFORM_RELAY_ADDRESS',
          value: `pop-relay.pop-${WEST}.svc:8443`,
        });
      });

      it('leaves the active side’s replica count to its autoscaler', () => {
        expect(
          read<IDeployment>(files, `${primary}/deployment-api.yaml`).spec?.replicas,
        ).toBeUndefined();
      });

      it('says in each side’s ConfigMap which role it has', () => {
        const role = (dir: string) =>
          read<IConfigMap>(files, `${dir}/configmap-space-config.yaml`).data;
        expect(role(primary)).toMatchObject({
          'failover.role': 'active',
          'failover.side': 'primary',
          pop: EAST,
        });
        expect(role(secondary)).toMatchObject({
          'failover.role': 'standby',
          'failover.side': 'secondary',
          pop: WEST,
        });
      });

      it('moves the components when the secondary becomes active', () => {
        const flipped = render({
          spaces: [
            aSpace('acme', {
              tier: 'performance',
              geoFailover: { secondaryPop: WEST, active: 'secondary' },
            }),
          ],
        });
        expect(read<IDeployment>(flipped, `${primary}/deployment-api.yaml`).spec?.replicas).toBe(0);
        expect(flipped.has(`${secondary}/horizontalpodautoscaler-api.yaml`)).toBe(true);
      });
    });

    it('describes the Space in its ConfigMap, with sorted keys', () => {
      const files = render({
        spaces: [aSpace('acme', { tier: 'performance-plus', channel: 'prod' })],
      });
      const data =
        read<IConfigMap>(files, `rendered/spaces/acme/${EAST}/configmap-space-config.yaml`).data ??
        {};
      expect(data).toMatchObject({
        space: 'acme',
        pop: EAST,
        tier: 'performance-plus',
        channel: 'prod',
        release: '2026.45.0',
        'maintenanceWindow.day': 'saturday',
        'maintenanceWindow.start': '02:00',
        'maintenanceWindow.timeZone': 'America/New_York',
        'maintenanceWindow.durationMinutes': '120',
        'addOns.pci': 'false',
        'addOns.geoFailover': 'false',
        'failover.role': 'active',
      });
      expect(Object.keys(data)).toEqual(Object.keys(data).sort());
    });
  });

  describe('Argo CD bootstrap', () => {
    it('roots the app-of-apps at the argocd folder of the configured repository', () => {
      const root = read<IApplication>(render(), 'argocd/application-root.yaml');
      expect(root.metadata?.namespace).toBe('argocd');
      expect(root.spec.source).toEqual({
        repoURL: 'https://git.example.com/platform/gitops.git',
        targetRevision: 'main',
        path: 'gitops/argocd',
      });
    });

    it.each([
      ['gitops', 3],
      ['', 2],
      ['deploy/gitops', 4],
    ])('with the gitops folder at "%s", takes the Space from path segment %d', (path, index) => {
      const files = render({ settings: withArgocdPath(path) });
      const spaces = read<IApplicationSet>(files, 'argocd/applicationset-spaces.yaml').spec;
      const folder = [path, 'rendered/spaces/acme', EAST].filter(Boolean).join('/');
      expect(folder.split('/')[index]).toBe('acme');
      expect(spaces.generators[0].git?.directories).toEqual([
        { path: [path, 'rendered/spaces/*/*'].filter(Boolean).join('/') },
      ]);
      expect(spaces.template.metadata.name).toBe(`space-{{path[${index}]}}-{{path.basename}}`);
      expect(spaces.template.spec.destination).toEqual({
        name: '{{path.basename}}',
        namespace: `space-{{path[${index}]}}`,
      });
    });

    it('generates one Application per PoP folder, aimed at the cluster named after the PoP', () => {
      const pops = read<IApplicationSet>(render(), 'argocd/applicationset-pops.yaml').spec;
      expect(pops.generators[0].git?.directories).toEqual([{ path: 'gitops/rendered/pops/*' }]);
      expect(pops.template.spec.destination).toEqual({
        name: '{{path.basename}}',
        namespace: 'pop-{{path.basename}}',
      });
    });

    it('confines each project to this repository, its namespaces and the kinds rendered for it', () => {
      const files = render({ spaces: [aSpace('acme', { pci: true })] });
      const tiers = {
        central: 'rendered/central',
        pops: 'rendered/pops',
        spaces: 'rendered/spaces',
      };
      for (const [project, dir] of Object.entries(tiers)) {
        const spec = read<IAppProject>(files, `argocd/appproject-${project}.yaml`).spec;
        expect(spec.sourceRepos).toEqual(['https://git.example.com/platform/gitops.git']);
        expect(spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
        for (const destination of spec.destinations ?? []) {
          expect(destination.namespace).toMatch(/^(platform-central|pop-[a-z0-9-]+|space-\*)$/);
        }
        const allowed = new Set(spec.namespaceResourceWhitelist?.map(({ kind }) => kind));
        for (const path of pathsUnder(files, dir)) {
          const { kind } = read<{ kind: string }>(files, path);
          if (kind !== 'Namespace') expect(allowed).toContain(kind);
        }
      }
    });

    it('opens each Space’s sync window at its own start, in its own time zone, manual syncs allowed', () => {
      const files = render({
        spaces: [
          aSpace('acme', {
            tier: 'performance',
            maintenanceWindow: {
              day: 'tuesday',
              start: '23:30',
              timeZone: 'Australia/Sydney',
              durationMinutes: 90,
            },
            geoFailover: { secondaryPop: WEST, active: 'primary' },
          }),
        ],
      });
      expect(read<IAppProject>(files, 'argocd/appproject-spaces.yaml').spec.syncWindows).toEqual([
        {
          kind: 'allow',
          schedule: '30 23 * * 2',
          duration: '90m',
          applications: [`space-acme-${EAST}`, `space-acme-${WEST}`],
          timeZone: 'Australia/Sydney',
          manualSync: true,
        },
      ]);
    });

    it('gives a basic-tier Space the platform default window instead of its own', () => {
      const files = render({
        spaces: [
          aSpace('hooli', {
            tier: 'basic',
            maintenanceWindow: {
              day: 'monday',
              start: '04:00',
              timeZone: 'Asia/Kolkata',
              durationMinutes: 60,
            },
          }),
        ],
      });
      expect(read<IAppProject>(files, 'argocd/appproject-spaces.yaml').spec.syncWindows).toEqual([
        expect.objectContaining({
          schedule: '0 2 * * 0',
          duration: '240m',
          timeZone: 'UTC',
          applications: [`space-hooli-${EAST}`],
        }),
      ]);
    });

    it('never lets one Space’s window name another Space’s Application', () => {
      const files = render({
        spaces: [
          aSpace('acme'),
          aSpace('acme-eu', {
            maintenanceWindow: {
              day: 'friday',
              start: '01:00',
              timeZone: 'UTC',
              durationMinutes: 60,
            },
          }),
        ],
      });
      const windows =
        read<IAppProject>(files, 'argocd/appproject-spaces.yaml').spec.syncWindows ?? [];
      expect(windows.map((window) => window.applications)).toEqual([
        [`space-acme-${EAST}`],
        [`space-acme-eu-${EAST}`],
      ]);
    });

    it('refuses two Spaces whose Applications would have the same name', () => {
      const state = {
        pops: [aPop('us-east'), aPop('east')],
        spaces: [aSpace('a', { pop: 'us-east' }), aSpace('a-us', { pop: 'east' })],
      };
      expect(() => render(state)).toThrow(RenderError);
      expect(() => render(state)).toThrow('platform/spaces/a-us.yaml: metadata.name');
    });
  });
});
