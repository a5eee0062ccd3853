import type { ChannelName } from '@platform/gitops';
import { effectiveWindow, occurrencesBetween, type WindowOccurrence } from './maintenance-window';
import { nextStep } from './next-step';
import type { ReleaseState } from './release-state';

/** One upcoming window of a Space and the release it brings. */
export interface PlannedWindow extends WindowOccurrence {
  from: string;
  /** Equals `from` when the window brings no step. */
  to: string;
}

export interface SpaceRollout {
  space: string;
  channel: ChannelName;
  current: string;
  windows: PlannedWindow[];
}

const DAY_MS = 86_400_000;

/**
 * For each Space (by name), the windows that open in `[from, from + days)` and the release each
 * would bring, assuming channels keep their releases (no train runs) and freezes stay as they
 * are (a freeze with an end time lifts then).
 */
export function planRollout(
  state: ReleaseState,
  from: Date,
  days: number,
  spaces: readonly string[] = [...state.desired.spaces.keys()].sort(),
): SpaceRollout[] {
  const justBefore = new Date(from.getTime() - 1);
  const until = new Date(from.getTime() + days * DAY_MS - 1);
  return spaces.flatMap((name) => {
    const space = state.desired.spaces.get(name);
    if (space === undefined) return [];
    let running = space.spec.release;
    const windows = occurrencesBetween(
      effectiveWindow(space, state.desired.settings),
      justBefore,
      until,
    ).map((occurrence) => {
      const to = nextStep(state, space, running, occurrence.start) ?? running;
      const planned = { ...occurrence, from: running, to };
      running = to;
      return planned;
    });
    return [{ space: name, channel: space.spec.channel, current: space.spec.release, windows }];
  });
}
