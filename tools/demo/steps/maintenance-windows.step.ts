import { commonV1alpha1 } from '@platform/contracts';
import type { DemoRun, SpaceMove } from '../demo-run';
import { short, verify, type DemoStep } from '../demo-step';
import { operationOf } from '../gitops-history';
import { byOpening, upcomingMoves, type UpcomingMove } from '../window-plan';

/** How far before a window the clock jumps: long enough to see it open, short enough to wait. */
const LEAD_MINUTES = 3;

/**
 * d. Time runs fast: for each upcoming window of the dev Spaces (the demo Space shares the first),
 * the clock jumps to just before it, the orchestrator's scheduler sees it open and moves the
 * Spaces one release, and their agents apply it inside the window.
 */
export const maintenanceWindowsStep: DemoStep = {
  name: 'windows open',
  async run(run, report) {
    const space = run.facts.space as string;
    const moves = await upcomingMoves(run, run.clock.now(), {
      channel: commonV1alpha1.Channel.CHANNEL_DEV,
    });
    verify(
      moves.some((move) => move.space === space),
      `PlanRollout shows a window that moves ${space} (got ${moves.map((move) => move.space).join(', ') || 'none'})`,
    );
    run.facts.windows = [];
    for (const group of byOpening(moves)) {
      const opened = await watchWindowOpen(run, group, report);
      run.facts.windows.push(opened);
    }
    const held = run.clock.hold();
    report(`clock: back to real-time speed at ${held.toISOString()}`);
    const all = run.facts.windows.flatMap((window) => window.moves);
    return `${all.length} dev Space(s) moved one step: ${all.map((move) => `${move.space} → ${move.to}`).join(', ')}`;
  },
};

/** One clock jump before a window opening, then the agents and the commit that prove it. */
export async function watchWindowOpen(
  run: DemoRun,
  group: readonly UpcomingMove[],
  report: (line: string) => void,
): Promise<{ opensAt: string; moves: SpaceMove[]; commits: string[] }> {
  const opensAt = group[0].opensAt;
  const base = run.history.head();
  const jumped = run.clock.set(new Date(opensAt.getTime() - LEAD_MINUTES * 60_000), run.rate);
  report(
    `clock: jumped to ${jumped.toISOString()}, ${LEAD_MINUTES} virtual minutes before the window of ${group.map((move) => move.space).join(', ')} opens, at ${run.rate}× real time`,
  );
  const moves: SpaceMove[] = [];
  for (const move of group) {
    const statuses = await run.waitForRelease(move.space, move.to, 60_000);
    moves.push({ space: move.space, from: move.from, to: move.to });
    report(
      `verified: ${statuses.length} agent(s) of ${move.space} report ${move.to} (was ${move.from}) at virtual ${run.clock.now().toISOString()}`,
    );
  }
  const ticks = run.history
    .since(base)
    .filter((commit) => operationOf(commit) === 'release.windows');
  const commits = new Set<string>();
  for (const move of group) {
    const commit = ticks.find((tick) =>
      tick.files.includes(`gitops/platform/spaces/${move.space}.yaml`),
    );
    verify(commit !== undefined, `a release.windows commit on the remote moves ${move.space}`);
    commits.add(commit.hash);
  }
  for (const hash of commits) {
    const commit = ticks.find((tick) => tick.hash === hash);
    report(
      `verified: scheduler commit ${short(hash)} "${commit?.subject}" (Platform-Operation: release.windows)`,
    );
  }
  return { opensAt: opensAt.toISOString(), moves, commits: [...commits] };
}
