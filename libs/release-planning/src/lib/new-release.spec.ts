import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
} from '@platform/errors';
import { VERSIONS, chainOf, fleet } from '../testing/release-fixtures';
import { newReleaseDocument, type NewRelease } from './new-release';

const IMAGE = `registry.example.com/identity-api@sha256:${'b'.repeat(64)}`;
const desired = fleet({
  releases: chainOf(VERSIONS, { r2: { migrations: [{ id: 'users-email', phase: 'expand' }] } }),
}).desired;
const input = (overrides: Partial<NewRelease> = {}): NewRelease => ({
  version: 'r7',
  components: { 'identity-api': IMAGE },
  migrations: [],
  compatibleWith: 'r6',
  ...overrides,
});

describe(newReleaseDocument.name, () => {
  it('makes the release document at the head of the chain', () => {
    const release = newReleaseDocument(
      desired,
      input({ migrations: [{ id: 'users-email', phase: 'contract' }] }),
    );

    expect(release.metadata.name).toBe('r7');
    expect(release.spec).toEqual({
      compatibleWith: 'r6',
      components: { 'identity-api': IMAGE },
      migrations: [{ id: 'users-email', phase: 'contract' }],
    });
  });

  it('refuses a compatibleWith that is not the newest release', () => {
    expect(() => newReleaseDocument(desired, input({ compatibleWith: 'r5' }))).toThrow(
      new FailedPreconditionError(
        'release.compatible_with: must be the newest published release, r6 (got "r5")',
      ),
    );
  });

  it('refuses images not pinned by digest, naming the component', () => {
    expect(() =>
      newReleaseDocument(desired, input({ components: { web: 'registry.example.com/web:1.2' } })),
    ).toThrow(
      new InvalidArgumentError(
        'release.components["web"]',
        '"registry.example.com/web:1.2" is not pinned by digest: use <repository>@sha256:<64 hex digits>',
      ),
    );
  });

  it('refuses a contract without an earlier expand of the same id', () => {
    expect(() =>
      newReleaseDocument(
        desired,
        input({ migrations: [{ id: 'orders-total', phase: 'contract' }] }),
      ),
    ).toThrow(/release.migrations\[0\].id: contract "orders-total" needs an expand/);
  });

  it('refuses a published version and a malformed one', () => {
    expect(() => newReleaseDocument(desired, input({ version: 'r3' }))).toThrow(AlreadyExistsError);
    expect(() => newReleaseDocument(desired, input({ version: 'R 7' }))).toThrow(
      /^release.version: /,
    );
  });
});
