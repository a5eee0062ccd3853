import { fakeRender, rerendered, setField, validFleet, withoutFile } from '../../test-fixtures';
import type { GitopsFiles } from '../model/desired-state';
import { checkGitopsTree, DRIFT_SKIPPED_PATH } from './check-gitops-tree';
import { checkReferences } from './references.rule';

const ACME = 'platform/spaces/acme.yaml';

/** The problems of `files` apart from the note that drift was not checked. */
function problemsOf(files: GitopsFiles) {
  return checkGitopsTree({ files: rerendered(files), render: fakeRender }).filter(
    (problem) => problem.path !== DRIFT_SKIPPED_PATH,
  );
}

describe(checkReferences.name, () => {
  it('finds nothing wrong with the example fleet', () => {
    expect(problemsOf(validFleet())).toEqual([]);
  });

  it('reports a Space on a PoP that does not exist', () => {
    expect(problemsOf(setField(validFleet(), ACME, 'spec.pop', 'azure-eastus'))).toEqual([
      {
        path: ACME,
        field: 'spec.pop',
        message: 'PoP "azure-eastus" does not exist (no platform/pops/azure-eastus.yaml)',
      },
    ]);
  });

  it('reports Spaces and PoPs on a channel that has no file', () => {
    expect(problemsOf(withoutFile(validFleet(), 'platform/channels/staging.yaml'))).toEqual([
      {
        path: 'platform/pops/gcp-europe-west1.yaml',
        field: 'spec.channel',
        message: 'channel "staging" does not exist (no platform/channels/staging.yaml)',
      },
      {
        path: 'platform/spaces/globex.yaml',
        field: 'spec.channel',
        message: 'channel "staging" does not exist (no platform/channels/staging.yaml)',
      },
      {
        path: 'platform/spaces/umbrella.yaml',
        field: 'spec.channel',
        message: 'channel "staging" does not exist (no platform/channels/staging.yaml)',
      },
    ]);
  });

  it.each([
    [ACME, 'spec.release'],
    ['platform/pops/aws-us-east-1.yaml', 'spec.release'],
    ['platform/channels/prod.yaml', 'spec.release'],
  ])('reports %s pinning a release that does not exist', (path, field) => {
    expect(problemsOf(setField(validFleet(), path, field, '2026.99.0'))).toEqual([
      {
        path,
        field,
        message: 'release "2026.99.0" does not exist (no platform/releases/2026.99.0.yaml)',
      },
    ]);
  });

  it('reports a geo-failover standby in a PoP that does not exist', () => {
    const field = 'spec.addOns.geoFailover.secondaryPop';

    expect(problemsOf(setField(validFleet(), ACME, field, 'azure-westeurope'))).toEqual([
      {
        path: ACME,
        field,
        message: 'PoP "azure-westeurope" does not exist (no platform/pops/azure-westeurope.yaml)',
      },
    ]);
  });

  it('reports a geo-failover standby in the Space own PoP', () => {
    const field = 'spec.addOns.geoFailover.secondaryPop';

    expect(problemsOf(setField(validFleet(), ACME, field, 'aws-us-east-1'))).toEqual([
      {
        path: ACME,
        field,
        message: '"aws-us-east-1" is the Space\'s own PoP: the standby must be in another PoP',
      },
    ]);
  });

  it('reports releases that do not form one chain', () => {
    const files = setField(
      validFleet(),
      'platform/releases/2026.12.0.yaml',
      'spec.compatibleWith',
      '2026.10.0',
    );

    expect(problemsOf(files)).toEqual([
      {
        path: 'platform/releases/2026.11.0.yaml',
        field: 'spec.compatibleWith',
        message:
          '"2026.10.0" is followed by 2 releases (2026.11.0, 2026.12.0): the chain may not branch',
      },
      {
        path: 'platform/releases/2026.12.0.yaml',
        field: 'spec.compatibleWith',
        message:
          '"2026.10.0" is followed by 2 releases (2026.11.0, 2026.12.0): the chain may not branch',
      },
    ]);
  });

  it('reports a contract without an earlier expand', () => {
    const files = setField(validFleet(), 'platform/releases/2026.10.0.yaml', 'spec.migrations', []);

    expect(problemsOf(files)).toEqual([
      {
        path: 'platform/releases/2026.12.0.yaml',
        field: 'spec.migrations.0.id',
        message: 'contract "users-email" has no expand in an earlier release',
      },
    ]);
  });

  it('does not report references to a file that exists but has problems of its own', () => {
    const release = 'platform/releases/2026.10.0.yaml';
    const files = setField(
      validFleet(),
      release,
      'spec.components.api',
      'registry.example.com/api:1.2',
    );

    expect(problemsOf(files)).toEqual([
      {
        path: release,
        field: 'spec.components.api',
        message: expect.stringContaining('must be pinned by digest'),
      },
    ]);
  });
});
