import { releaseDocument } from '../../test-fixtures';
import type { Migration, Release } from '../model/desired-state';
import { ReleaseChain } from './release-chain';
import { ReleaseMigrations } from './release-migrations';

function releasesWith(migrations: Record<string, Migration[]>): Map<string, Release> {
  const versions = Object.keys(migrations);
  return new Map(
    versions.map((version, i) => [
      version,
      releaseDocument(version, {
        compatibleWith: i === 0 ? undefined : versions[i - 1],
        migrations: migrations[version],
      }),
    ]),
  );
}

function build(releases: Map<string, Release>) {
  return ReleaseMigrations.build(ReleaseChain.of(releases), releases);
}

describe(ReleaseMigrations.name, () => {
  it('finds the release that carried the expand of a contract', () => {
    const { migrations, problems } = build(
      releasesWith({
        r1: [],
        r2: [{ id: 'users-email', phase: 'expand' }],
        r3: [{ id: 'users-email', phase: 'migrate' }],
        r4: [{ id: 'users-email', phase: 'contract' }],
      }),
    );

    expect(problems).toEqual([]);
    expect(migrations.expandFor('r4', 'users-email')).toBe('r2');
    expect(migrations.contractsIn('r4')).toEqual([
      { release: 'r4', migrationId: 'users-email', expandRelease: 'r2' },
    ]);
    expect(migrations.contractsIn('r3')).toEqual([]);
  });

  it('reports a contract without an expand in an earlier release', () => {
    const { problems } = build(
      releasesWith({
        r1: [{ id: 'orders-total', phase: 'contract' }],
        r2: [
          { id: 'users-email', phase: 'expand' },
          { id: 'users-email', phase: 'contract' },
        ],
        r3: [{ id: 'orders-total', phase: 'expand' }],
      }),
    );

    expect(problems).toEqual([
      {
        path: 'platform/releases/r1.yaml',
        field: 'spec.migrations.0.id',
        message: 'contract "orders-total" has no expand in an earlier release',
      },
      {
        path: 'platform/releases/r2.yaml',
        field: 'spec.migrations.1.id',
        message: 'contract "users-email" has no expand in an earlier release',
      },
    ]);
  });
});
