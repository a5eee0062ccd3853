import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
} from '@platform/errors';
import {
  API_VERSION,
  MIGRATION_PHASES,
  dnsLabelProblem,
  type DesiredState,
  type Migration,
  type Release,
} from '@platform/gitops';
import { releaseIndex } from './release-state';

/** A release as its publisher describes it. */
export interface NewRelease {
  version: string;
  /** Component name → image pinned by digest. */
  components: Readonly<Record<string, string>>;
  migrations: readonly Migration[];
  /** The newest published release; '' only for the very first release. */
  compatibleWith: string;
}

const VERSION = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PINNED_IMAGE = /^[a-z0-9][a-z0-9._:/-]*@sha256:[0-9a-f]{64}$/;

/**
 * The release document publishing `input` creates, at the head of the chain of `desired`.
 *
 * @throws InvalidArgumentError naming `release.version`, `release.components["<name>"]` (an
 *   image not pinned by digest) or `release.migrations[<i>].<field>` (a contract without an
 *   earlier expand of the same id, a repeated id)
 * @throws AlreadyExistsError when the version is published (releases are immutable)
 * @throws FailedPreconditionError when `compatibleWith` is not the newest published release
 */
export function newReleaseDocument(desired: DesiredState, input: NewRelease): Release {
  const version = input.version;
  if (version.length > 253 || !VERSION.test(version)) {
    throw new InvalidArgumentError(
      'release.version',
      `${JSON.stringify(version)} is not a version: lowercase letters, digits, "-" and ".", e.g. 2026.48.0`,
    );
  }
  if (desired.releases.has(version)) {
    throw new AlreadyExistsError(
      `release ${version} is already published, and releases never change`,
    );
  }
  const components = Object.entries(input.components);
  if (components.length === 0) {
    throw new InvalidArgumentError('release.components', 'a release lists at least one component');
  }
  for (const [name, image] of components) {
    const field = `release.components[${JSON.stringify(name)}]`;
    const nameProblem = dnsLabelProblem(name);
    if (nameProblem !== undefined)
      throw new InvalidArgumentError(field, `component name ${nameProblem}`);
    if (!PINNED_IMAGE.test(image)) {
      throw new InvalidArgumentError(
        field,
        `${JSON.stringify(image)} is not pinned by digest: use <repository>@sha256:<64 hex digits>`,
      );
    }
  }
  checkMigrations(desired, input.migrations);
  const { chain } = releaseIndex(desired.releases);
  const newest = chain.newest();
  if (newest === undefined && input.compatibleWith !== '') {
    throw new FailedPreconditionError(
      `release.compatible_with: no release is published yet, so the first one is compatible with none (got ${input.compatibleWith})`,
    );
  }
  if (newest !== undefined && input.compatibleWith !== newest) {
    throw new FailedPreconditionError(
      `release.compatible_with: must be the newest published release, ${newest} (got ${JSON.stringify(input.compatibleWith)})`,
    );
  }
  return {
    apiVersion: API_VERSION,
    kind: 'Release',
    metadata: { name: version },
    spec: {
      ...(newest === undefined ? {} : { compatibleWith: newest }),
      components: Object.fromEntries(components.sort(([a], [b]) => a.localeCompare(b))),
      migrations: input.migrations.map((migration) => ({
        id: migration.id,
        phase: migration.phase,
      })),
    },
  };
}

function checkMigrations(desired: DesiredState, migrations: readonly Migration[]): void {
  const expanded = new Set<string>();
  for (const release of desired.releases.values()) {
    for (const migration of release.spec.migrations) {
      if (migration.phase === 'expand') expanded.add(migration.id);
    }
  }
  const seen = new Set<string>();
  migrations.forEach((migration, index) => {
    const field = `release.migrations[${index}]`;
    const idProblem = dnsLabelProblem(migration.id);
    if (idProblem !== undefined) throw new InvalidArgumentError(`${field}.id`, idProblem);
    if (!MIGRATION_PHASES.includes(migration.phase)) {
      throw new InvalidArgumentError(`${field}.phase`, 'must be expand, migrate or contract');
    }
    if (seen.has(migration.id)) {
      throw new InvalidArgumentError(
        `${field}.id`,
        `"${migration.id}" appears twice in this release`,
      );
    }
    seen.add(migration.id);
    if (migration.phase === 'contract' && !expanded.has(migration.id)) {
      throw new InvalidArgumentError(
        `${field}.id`,
        `contract "${migration.id}" needs an expand with the same id in an earlier release`,
      );
    }
  });
}
