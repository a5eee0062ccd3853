import {
  deleteField,
  fakeRender,
  rerendered,
  setField,
  validFleet,
  withFile,
  textOf,
  withoutFile,
} from '../../test-fixtures';
import type { GitopsFiles } from '../model/desired-state';
import { checkGitopsTree } from './check-gitops-tree';
import { checkPublishedReleases } from './published-releases.rule';

const RELEASE = 'platform/releases/2026.11.0.yaml';

function problemsOf(base: GitopsFiles, head: GitopsFiles) {
  return checkGitopsTree({ files: rerendered(head), baseFiles: base, render: fakeRender });
}

describe(checkPublishedReleases.name, () => {
  it('reports any edit of a published release on the field it changes', () => {
    const image = `registry.example.com/platform/api@sha256:${'f'.repeat(64)}`;
    let head = setField(validFleet(), RELEASE, 'spec.components.api', image);
    head = setField(head, RELEASE, 'spec.migrations.0.phase', 'contract');

    expect(problemsOf(validFleet(), head)).toEqual([
      {
        path: RELEASE,
        field: 'spec.components.api',
        message: 'published releases are immutable: publish a new release instead',
      },
      {
        path: RELEASE,
        field: 'spec.migrations.0.phase',
        message: 'published releases are immutable: publish a new release instead',
      },
    ]);
  });

  it('lets comments and formatting of a published release change', () => {
    const head = withFile(
      validFleet(),
      RELEASE,
      `# approved by the release board\n${validFleet().get(RELEASE)}`,
    );

    expect(problemsOf(validFleet(), head)).toEqual([]);
  });

  it('lets a published release be blocked and the reason be reworded', () => {
    const head = setField(validFleet(), RELEASE, 'spec.blocked', { reason: 'login loop' });
    const reworded = setField(head, RELEASE, 'spec.blocked.reason', 'login loop on Safari');

    expect(problemsOf(validFleet(), head)).toEqual([]);
    expect(problemsOf(head, reworded)).toEqual([]);
  });

  it('keeps a blocked release blocked', () => {
    const base = setField(validFleet(), RELEASE, 'spec.blocked', { reason: 'login loop' });

    expect(problemsOf(base, deleteField(base, RELEASE, 'spec.blocked'))).toEqual([
      {
        path: RELEASE,
        field: 'spec.blocked',
        message: 'a blocked release stays blocked: publish a fixed release instead',
      },
    ]);
  });

  it('reports deleting a release that something still pins', () => {
    const problems = problemsOf(validFleet(), withoutFile(validFleet(), RELEASE));

    expect(problems).toContainEqual({
      path: RELEASE,
      field: '-',
      message:
        'published release deleted while channel "staging", PoP "gcp-europe-west1" and Space "globex" pin it',
    });
  });

  it('lets an old release nothing pins any more be deleted', () => {
    const path = 'platform/releases/2026.9.0.yaml';
    const head = withoutFile(
      setField(validFleet(), 'platform/spaces/hooli.yaml', 'spec.release', '2026.10.0'),
      path,
    );

    expect(problemsOf(validFleet(), head)).toEqual([]);
  });

  it('lets a new release be added', () => {
    const next = textOf(validFleet(), 'platform/releases/2026.12.0.yaml')
      .replace('name: 2026.12.0', 'name: 2026.13.0')
      .replace('compatibleWith: 2026.11.0', 'compatibleWith: 2026.12.0')
      .replace('phase: contract', 'phase: expand');

    expect(
      problemsOf(validFleet(), withFile(validFleet(), 'platform/releases/2026.13.0.yaml', next)),
    ).toEqual([]);
  });
});
