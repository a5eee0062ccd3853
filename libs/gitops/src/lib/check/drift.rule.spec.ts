import { InvalidArgumentError } from '@platform/errors';
import { fakeRender, setField, validFleet, withFile, withoutFile } from '../../test-fixtures';
import { checkGitopsTree, DRIFT_SKIPPED_PATH } from './check-gitops-tree';
import { RenderError } from '../render/render-error';
import { checkDrift } from './drift.rule';

const CONFIGMAP = 'rendered/spaces/acme/configmap-acme.yaml';

describe(checkDrift.name, () => {
  it('passes a tree whose generated files equal a fresh render', () => {
    expect(checkGitopsTree({ files: validFleet(), render: fakeRender })).toEqual([]);
  });

  it('reports a generated file edited by hand', () => {
    const files = withFile(validFleet(), CONFIGMAP, 'kind: ConfigMap\nname: acme\n');

    expect(checkGitopsTree({ files, render: fakeRender })).toEqual([
      {
        path: CONFIGMAP,
        field: '-',
        message: 'differs from a fresh render (run platformctl gitops render)',
      },
    ]);
  });

  it('reports a desired-state change that was not re-rendered, on the file it changes', () => {
    const files = setField(
      validFleet(),
      'platform/spaces/acme.yaml',
      'spec.tier',
      'performance-plus',
    );

    expect(checkGitopsTree({ files, render: fakeRender })).toEqual([
      {
        path: CONFIGMAP,
        field: '-',
        message: 'differs from a fresh render (run platformctl gitops render)',
      },
    ]);
  });

  it('reports a generated file that is missing', () => {
    const files = withoutFile(validFleet(), 'argocd/application-root.yaml');

    expect(checkGitopsTree({ files, render: fakeRender })).toEqual([
      {
        path: 'argocd/application-root.yaml',
        field: '-',
        message: 'missing: a fresh render creates it',
      },
    ]);
  });

  it('reports a file in rendered/ that no render produces', () => {
    const stale = 'rendered/spaces/gone/configmap-gone.yaml';
    const files = withFile(validFleet(), stale, 'kind: ConfigMap\n');

    expect(checkGitopsTree({ files, render: fakeRender })).toEqual([
      { path: stale, field: '-', message: 'not produced by a render: delete it or re-render' },
    ]);
  });

  it('is not checked while the desired state has problems, and says so once', () => {
    let files = setField(validFleet(), 'platform/spaces/acme.yaml', 'spec.tier', 'gold');
    files = withFile(files, CONFIGMAP, 'edited by hand\n');
    const render = jest.fn(fakeRender);

    expect(checkGitopsTree({ files, render })).toEqual([
      { path: 'platform/spaces/acme.yaml', field: 'spec.tier', message: expect.any(String) },
      {
        path: DRIFT_SKIPPED_PATH,
        field: '-',
        message: 'not compared with a fresh render: the desired state has 1 problem to fix first',
      },
    ]);
    expect(render).not.toHaveBeenCalled();
  });

  it('reports the problems of a render that fails instead of drift', () => {
    const problem = { path: CONFIGMAP, field: 'data.tier', message: 'expected a string' };
    const render = () => {
      throw new RenderError([problem]);
    };

    expect(checkGitopsTree({ files: validFleet(), render })).toEqual([problem]);
  });

  it('refuses a render that writes outside the generated folders', () => {
    const render = () => new Map([['platform/spaces/acme.yaml', '']]);

    expect(() => checkGitopsTree({ files: validFleet(), render })).toThrow(InvalidArgumentError);
  });
});
