import type { Problem, Release } from '../model/desired-state';
import { documentPath } from '../parse/platform-paths';
import type { ReleaseChain } from './release-chain';

/** A `contract` migration and the earlier release that carried its `expand`. */
export interface ContractStep {
  /** The release that carries the contract. */
  release: string;
  migrationId: string;
  /** The release that carried the expand of the same id. */
  expandRelease: string;
}

/**
 * Where each migration's phases sit on the release chain. A contract drops what releases before
 * its expand still need, so the gates ask, for a contract, which release carried the expand.
 */
export class ReleaseMigrations {
  private constructor(private readonly contracts: ReadonlyMap<string, readonly ContractStep[]>) {}

  /**
   * Pairs every contract on the chain with the earliest expand of the same id before it, and
   * reports a contract that has none (on `spec.migrations.<n>.id` of its release).
   */
  static build(
    chain: ReleaseChain,
    releases: ReadonlyMap<string, Release>,
  ): { migrations: ReleaseMigrations; problems: Problem[] } {
    const expands = new Map<string, string>();
    const contracts = new Map<string, ContractStep[]>();
    const problems: Problem[] = [];
    for (const version of chain.versions) {
      const migrations = releases.get(version)?.spec.migrations ?? [];
      const steps: ContractStep[] = [];
      migrations.forEach((migration, index) => {
        if (migration.phase !== 'contract') return;
        const expandRelease = expands.get(migration.id);
        if (expandRelease === undefined) {
          problems.push({
            path: documentPath('Release', version),
            field: `spec.migrations.${index}.id`,
            message: `contract "${migration.id}" has no expand in an earlier release`,
          });
        } else {
          steps.push({ release: version, migrationId: migration.id, expandRelease });
        }
      });
      // Expands count from the next release on: an expand next to its contract protects nothing.
      for (const migration of migrations) {
        if (migration.phase === 'expand' && !expands.has(migration.id)) {
          expands.set(migration.id, version);
        }
      }
      if (steps.length > 0) contracts.set(version, steps);
    }
    return { migrations: new ReleaseMigrations(contracts), problems };
  }

  /** The contracts `version` carries that have an earlier expand. */
  contractsIn(version: string): readonly ContractStep[] {
    return this.contracts.get(version) ?? [];
  }

  /** The release that carried the expand for the contract `migrationId` in `version`. */
  expandFor(version: string, migrationId: string): string | undefined {
    return this.contractsIn(version).find((step) => step.migrationId === migrationId)
      ?.expandRelease;
  }
}
