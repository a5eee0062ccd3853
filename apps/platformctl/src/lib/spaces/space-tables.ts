import { changeFields } from '../fleet/change-fields';
import type {
  AddOnsView,
  ChangeView,
  MaintenanceWindowView,
  SpaceView,
} from '../fleet/fleet-views';
import { formatFields, formatTable } from '../output/text-table';

export function spacesTable(spaces: readonly SpaceView[]): string {
  if (spaces.length === 0) return 'No Spaces.\n';
  return formatTable(
    ['NAME', 'POP', 'TIER', 'CHANNEL', 'RELEASE', 'WINDOW', 'ADD-ONS', 'PENDING'],
    spaces.map((space) => [
      space.name,
      space.pop,
      space.tier,
      space.channel,
      space.release || '-',
      windowText(space.maintenanceWindow),
      addOnsText(space.addOns),
      String(space.pendingDirectives.length),
    ]),
  );
}

/** One Space in detail, with the directives it has not acknowledged yet (and a mutation's change). */
export function spaceDetails(space: SpaceView, change?: ChangeView): string {
  const geo = space.addOns.geoFailover;
  const fields = formatFields([
    ['name', space.name],
    ['pop', space.pop],
    ['tier', space.tier],
    ['channel', space.channel],
    ['release', space.release || '-'],
    ['window', windowText(space.maintenanceWindow)],
    ['pci', space.addOns.pci ? 'yes' : 'no'],
    ['geo-failover', geo ? `${geo.secondaryPop} (active: ${geo.active})` : 'off'],
    [
      'frozen',
      space.frozen
        ? `${space.frozen.reason}${space.frozen.until ? ` (until ${space.frozen.until})` : ''}`
        : 'no',
    ],
    ...(change ? changeFields(change) : []),
    ['pending directives', String(space.pendingDirectives.length)],
  ]);
  if (space.pendingDirectives.length === 0) return fields;
  const directives = formatTable(
    ['ID', 'KIND', 'ISSUED', 'EMERGENCY'],
    space.pendingDirectives.map((directive) => [
      directive.id,
      directive.kind,
      directive.issuedAt ?? '-',
      directive.emergency ? 'yes' : 'no',
    ]),
  );
  return `${fields}\n${directives}`;
}

/** `sunday 02:00 Europe/Berlin 240m` */
export function windowText(window: MaintenanceWindowView | undefined): string {
  if (!window) return '-';
  return `${window.day} ${window.start} ${window.timeZone} ${window.durationMinutes}m`;
}

/** `pci, geo-failover:gcp-europe-west1` (the secondary PoP), or `-`. */
export function addOnsText(addOns: AddOnsView): string {
  const names = [
    ...(addOns.pci ? ['pci'] : []),
    ...(addOns.geoFailover
      ? [
          `geo-failover:${addOns.geoFailover.secondaryPop}${addOns.geoFailover.active === 'secondary' ? '(active)' : ''}`,
        ]
      : []),
  ];
  return names.length > 0 ? names.join(', ') : '-';
}
