import {
  ReleaseChain,
  ReleaseMigrations,
  type DesiredState,
  type Freeze,
  type Release,
} from '@platform/gitops';

/**
 * Freezes that have no home in a `platform/` document: the fleet-wide one and one per Space.
 * (A channel's freeze is part of its channel document.)
 */
export interface FleetFreezes {
  fleet?: Freeze;
  spaces: ReadonlyMap<string, Freeze>;
}

/** Everything the release rules look at: the desired state and the freezes. */
export interface ReleaseState {
  desired: DesiredState;
  freezes: FleetFreezes;
}

/** No freeze anywhere. */
export const NO_FREEZES: FleetFreezes = { spaces: new Map() };

/** The release chain and where its migrations sit, built once per set of releases. */
export interface ReleaseIndex {
  chain: ReleaseChain;
  migrations: ReleaseMigrations;
}

const indexes = new WeakMap<ReadonlyMap<string, Release>, ReleaseIndex>();

/** The chain of `releases` with its migrations; cached per map, which the parser never mutates. */
export function releaseIndex(releases: ReadonlyMap<string, Release>): ReleaseIndex {
  let index = indexes.get(releases);
  if (index === undefined) {
    const chain = ReleaseChain.of(releases);
    index = { chain, migrations: ReleaseMigrations.build(chain, releases).migrations };
    indexes.set(releases, index);
  }
  return index;
}
