import type { MaintenanceWindow } from '@platform/gitops';
import { effectiveWindow, openOccurrence, type WindowOccurrence } from './maintenance-window';
import { nextStep } from './next-step';
import type { ReleaseState } from './release-state';

/** One Space taking one step in its maintenance window. */
export interface SpaceMove {
  space: string;
  from: string;
  to: string;
  /** The window occurrence the step happens in. */
  window: WindowOccurrence;
}

/**
 * The steps a scheduler tick at `to`, following one at `from`, makes: every Space whose window
 * opened in `(from, to]` and is still open at `to`, and whose pin is behind its channel, moves
 * one release (never more, however far behind). Frozen Spaces (by the fleet, their channel or
 * themselves) and steps onto a blocked release are left out. A window that opened and closed
 * while no tick ran is missed: the Space waits for its next one. Sorted by Space name.
 */
export function windowMoves(state: ReleaseState, from: Date, to: Date): SpaceMove[] {
  const opened = new Map<string, WindowOccurrence | undefined>();
  const openedWindow = (window: MaintenanceWindow) => {
    const key = `${window.day} ${window.start} ${window.timeZone} ${window.durationMinutes}`;
    if (!opened.has(key)) {
      const occurrence = openOccurrence(window, to);
      opened.set(
        key,
        occurrence && occurrence.start.getTime() > from.getTime() ? occurrence : undefined,
      );
    }
    return opened.get(key);
  };
  const moves: SpaceMove[] = [];
  for (const [name, space] of state.desired.spaces) {
    const occurrence = openedWindow(effectiveWindow(space, state.desired.settings));
    if (occurrence === undefined) continue;
    const next = nextStep(state, space, space.spec.release, to);
    if (next !== undefined)
      moves.push({ space: name, from: space.spec.release, to: next, window: occurrence });
  }
  return moves.sort((a, b) => a.space.localeCompare(b.space));
}
