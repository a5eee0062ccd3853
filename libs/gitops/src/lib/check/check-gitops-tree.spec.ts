import { fakeRender, largeFleet, rerendered, setField, validFleet } from '../../test-fixtures';
import { parseDesiredState } from '../parse/parse-desired-state';
import { checkGitopsTree } from './check-gitops-tree';
import { isGenerated } from './drift.rule';

describe(checkGitopsTree.name, () => {
  it('passes the example fleet, alone and against itself as the base', () => {
    expect(checkGitopsTree({ files: validFleet(), render: fakeRender })).toEqual([]);
    expect(
      checkGitopsTree({ files: validFleet(), baseFiles: validFleet(), render: fakeRender }),
    ).toEqual([]);
  });

  it('sorts problems by path, then field', () => {
    let files = setField(validFleet(), 'platform/spaces/umbrella.yaml', 'spec.tier', 'gold');
    files = setField(files, 'platform/spaces/acme.yaml', 'spec.tier', 'gold');
    files = setField(files, 'platform/spaces/acme.yaml', 'spec.channel', 'beta');

    const problems = checkGitopsTree({ files, render: fakeRender });

    expect(problems.map(({ path, field }) => `${path} ${field}`)).toEqual([
      'platform/spaces/acme.yaml spec.channel',
      'platform/spaces/acme.yaml spec.tier',
      'platform/spaces/umbrella.yaml spec.tier',
      'rendered/ -',
    ]);
  });

  it('does not blame a PR for what was already wrong at its base', () => {
    const broken = setField(validFleet(), 'platform/spaces/acme.yaml', 'spec.tier', 'gold');

    expect(checkGitopsTree({ files: validFleet(), baseFiles: broken, render: fakeRender })).toEqual(
      [],
    );
  });

  it('finds the one bad move in a large fleet checked against its base', () => {
    const base = largeFleet(1_000);
    const head = rerendered(
      setField(base, 'platform/spaces/customer-6.yaml', 'spec.release', '2026.9.0'),
    );
    const rendered = new Map([...head].filter(([path]) => isGenerated(path)));

    const problems = checkGitopsTree({ files: head, baseFiles: base, render: () => rendered });

    expect(problems).toEqual([
      {
        path: 'platform/spaces/customer-6.yaml',
        field: 'spec.release',
        message: expect.stringContaining('moves 2 releases'),
      },
    ]);
    expect(parseDesiredState(head).state.spaces.size).toBe(1_005);
  });
});
