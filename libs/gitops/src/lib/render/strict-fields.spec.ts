import { Application, AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap } from 'kubernetes-models/v1';
import { findUnknownField } from './strict-fields';

function aDeployment(
  spec: Record<string, unknown> = {},
  container: Record<string, unknown> = {},
): Deployment {
  return new Deployment({
    metadata: {
      name: 'api',
      labels: { 'app.kubernetes.io/name': 'api', 'any.example.com/key': 'x' },
    },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'api' } },
        spec: { containers: [{ name: 'api', image: 'example/api:1', ...container }] },
      },
      ...spec,
    },
  } as ConstructorParameters<typeof Deployment>[0]);
}

describe(findUnknownField.name, () => {
  it('accepts an object whose every field its schema declares', () => {
    expect(findUnknownField(aDeployment({ replicas: 2 }))).toBeUndefined();
  });

  it('rejects a misspelled field, which validate() lets through', () => {
    const deployment = aDeployment({ replica: 2 });
    expect(() => deployment.validate()).not.toThrow();
    expect(findUnknownField(deployment)).toEqual({
      field: 'spec.replica',
      message: 'unknown field, not in the apps/v1 Deployment schema',
    });
  });

  it('names the position of an unknown field inside a list', () => {
    expect(findUnknownField(aDeployment({}, { imagePullPolcy: 'Always' }))?.field).toBe(
      'spec.template.spec.containers[0].imagePullPolcy',
    );
  });

  it('still rejects after the same position was learnt from a valid object', () => {
    expect(findUnknownField(aDeployment({}, { imagePullPolicy: 'Always' }))).toBeUndefined();
    expect(findUnknownField(aDeployment({}, { imagePullPolicyy: 'Always' }))?.field).toBe(
      'spec.template.spec.containers[0].imagePullPolicyy',
    );
  });

  it('accepts any key of a map such as labels or ConfigMap data', () => {
    const config = new ConfigMap({
      metadata: { name: 'space-config', labels: { 'anything.example.com/at-all': 'x' } },
      data: { 'maintenanceWindow.day': 'monday', whatever: 'x' },
    });
    expect(findUnknownField(config)).toBeUndefined();
  });

  it('accepts anything inside a free-form object, as kubeconform does', () => {
    const application = new Application({
      metadata: { name: 'app' },
      spec: {
        project: 'default',
        destination: { name: 'in-cluster', namespace: 'x' },
        source: {
          repoURL: 'https://example.com/x.git',
          helm: { valuesObject: { any: { shape: [1] } } },
        },
      },
    });
    expect(findUnknownField(application)).toBeUndefined();
  });

  it('checks Argo CD objects too', () => {
    const project = new AppProject({
      metadata: { name: 'spaces' },
      spec: {
        syncWindows: [{ kind: 'allow', schedule: '0 2 * * 0', duration: '1h', timezone: 'UTC' }],
      },
    } as unknown as ConstructorParameters<typeof AppProject>[0]);
    expect(findUnknownField(project)?.field).toBe('spec.syncWindows[0].timezone');
  });
});
