import { changeFields } from '../fleet/change-fields';
import type { ChangeView, PopView } from '../fleet/fleet-views';
import { formatFields, formatTable } from '../output/text-table';

export function popsTable(pops: readonly PopView[]): string {
  if (pops.length === 0) return 'No PoPs.\n';
  return formatTable(
    ['NAME', 'CLOUD', 'REGION', 'CHANNEL', 'RELEASE'],
    pops.map((pop) => [pop.name, pop.cloud, pop.region, pop.channel, pop.release || '-']),
  );
}

export function popFields(pop: PopView, change?: ChangeView): string {
  return formatFields([
    ['name', pop.name],
    ['cloud', pop.cloud],
    ['region', pop.region],
    ['channel', pop.channel],
    ['release', pop.release || '-'],
    ...(change ? changeFields(change) : []),
  ]);
}
