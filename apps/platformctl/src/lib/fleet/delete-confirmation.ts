import { UsageError } from '../usage-error';

/** Deleting is irreversible: it needs `--yes`, so a slip of history recall cannot do it. */
export function confirmDeletion(what: string, options: { yes?: boolean }): void {
  if (!options.yes) throw new UsageError(`refusing to delete ${what} without --yes`);
}
