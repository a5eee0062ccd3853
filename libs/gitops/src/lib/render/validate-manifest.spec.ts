import { Deployment } from 'kubernetes-models/apps/v1';
import { validateManifest } from './validate-manifest';

const path = 'rendered/spaces/acme/aws-us-east-1/deployment-api.yaml';

function aDeployment(spec: Record<string, unknown>): Deployment {
  return new Deployment({
    metadata: { name: 'api' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: { spec: { containers: [{ name: 'api', image: 'example/api:1' }] } },
      ...spec,
    },
  } as ConstructorParameters<typeof Deployment>[0]);
}

describe(validateManifest.name, () => {
  it('finds nothing wrong with a valid object', () => {
    expect(validateManifest({ path, object: aDeployment({ replicas: 2 }) })).toEqual([]);
  });

  it('names the file and field of a schema violation', () => {
    expect(validateManifest({ path, object: aDeployment({ replicas: 'two' }) })).toEqual([
      { path, field: 'spec.replicas', message: 'must be integer' },
    ]);
  });

  it('names the file and field of a missing required field', () => {
    const [problem] = validateManifest({ path, object: aDeployment({ selector: undefined }) });
    expect(problem).toEqual({ path, field: 'spec', message: expect.stringContaining('selector') });
  });

  it('names the file and field of an unknown field', () => {
    expect(validateManifest({ path, object: aDeployment({ replica: 2 }) })).toEqual([
      { path, field: 'spec.replica', message: expect.stringContaining('unknown field') },
    ]);
  });
});
