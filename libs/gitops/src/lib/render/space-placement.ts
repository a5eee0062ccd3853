import type { FailoverSide, Space } from '../model/desired-state';

/** Whether a side of a Space serves traffic (`active`) or waits, scaled to zero (`standby`). */
export type FailoverRole = 'active' | 'standby';

/** One PoP a Space runs in, and the part it plays there. */
export interface SpacePlacement {
  pop: string;
  side: FailoverSide;
  role: FailoverRole;
}

/**
 * The PoPs a Space runs in: its own PoP, plus the secondary PoP when geo-failover is on, each
 * with its role. Without geo-failover the only side is the active primary.
 */
export function spacePlacements(space: Space): SpacePlacement[] {
  const geoFailover = space.spec.addOns.geoFailover;
  if (!geoFailover) return [{ pop: space.spec.pop, side: 'primary', role: 'active' }];
  const roleOf = (side: FailoverSide): FailoverRole =>
    geoFailover.active === side ? 'active' : 'standby';
  return [
    { pop: space.spec.pop, side: 'primary', role: roleOf('primary') },
    { pop: geoFailover.secondaryPop, side: 'secondary', role: roleOf('secondary') },
  ];
}
