import type { ChangeView } from './fleet-views';

/** The rows every mutation prints: the commit that records it and the directives it sent. */
export function changeFields(change: ChangeView): [string, string][] {
  return [
    ['commit', change.commit],
    ['directives', change.directiveIds.length > 0 ? change.directiveIds.join(', ') : '-'],
  ];
}
