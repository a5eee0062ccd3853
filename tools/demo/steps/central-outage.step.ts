import type { SpaceMove } from '../demo-run';
import { short, verify, type DemoStep } from '../demo-step';
import { operationOf } from '../gitops-history';
import { isAlive } from '../platform-endpoints';
import { sleep } from '../wait-for';
import { byOpening, upcomingMoves } from '../window-plan';

const CENTRAL = ['release-orchestrator', 'control-plane'] as const;
/** Virtual time that passes while Central is down, before it comes back (the window stays open). */
const OPEN_FOR_MINUTES = 1;

/**
 * e. Central goes down (both services stopped through the launcher's control endpoint); every
 * Space keeps serving on its last state; a window opens with nobody to send the directive;
 * Central comes back and its scheduler covers the windows since its cursor, so the Space catches
 * up while its window is still open.
 */
export const centralOutageStep: DemoStep = {
  name: 'Central down, Spaces serve, catch-up',
  async run(run, report) {
    const after = new Date(run.clock.now().getTime() + 10 * 60_000);
    const group = byOpening(await upcomingMoves(run, after)).find((moves) =>
      moves.every((move) => move.closesAt.getTime() - move.opensAt.getTime() >= 60 * 60_000),
    );
    verify(group !== undefined, 'PlanRollout shows an upcoming window that moves a Space');
    const opensAt = group[0].opensAt;

    const pids = CENTRAL.map((name) => run.service(name).pid ?? 0);
    for (const name of CENTRAL) await run.launcher.stop(name);
    verify(
      pids.every((pid) => !isAlive(pid)),
      `Central's processes (${pids.join(', ')}) are gone`,
    );
    const reachable = await run.central
      .call(run.central.release.getChannels({}, run.central.auth()), 3_000)
      .then(
        () => true,
        () => false,
      );
    verify(!reachable, 'the release orchestrator no longer answers');
    report(
      `stopped Central through the launcher: ${CENTRAL.map((name, index) => `${name} (pid ${pids[index]})`).join(', ')}; GetChannels fails`,
    );

    const agents = run.refresh().services.filter((service) => service.kind === 'space-agent');
    const statuses = await Promise.all(
      agents.map(async (agent) => ({
        agent,
        healthz: await run.agents.healthz(agent),
        status: await run.agents.status(agent),
      })),
    );
    const serving = statuses.filter(
      ({ healthz, status }) => healthz === 200 && status.release !== '',
    );
    verify(
      serving.length === agents.length,
      `every agent serves (${serving.length}/${agents.length})`,
    );
    const connected = statuses.filter(({ status }) => status.connected).length;
    report(
      `verified: all ${agents.length} agents answer /healthz 200 and /status on their release (${connected} still connected to their PoP relay)`,
    );

    run.clock.set(new Date(opensAt.getTime() - 2 * 60_000), 60);
    await run.clock.waitUntil(new Date(opensAt.getTime() + OPEN_FOR_MINUTES * 60_000));
    const held = run.clock.hold();
    report(
      `clock: the window of ${group.map((move) => move.space).join(', ')} opened at ${opensAt.toISOString()} while Central is down (virtual now ${held.toISOString()})`,
    );
    await sleep(1_000);
    for (const move of group) {
      for (const agent of run.agentsOf(move.space)) {
        const { release } = await run.agents.status(agent);
        verify(
          release === move.from,
          `${agent.name} still runs ${move.from} without Central (reports ${release})`,
        );
      }
    }
    report(
      `verified: ${group.map((move) => `${move.space} still on ${move.from}`).join(', ')}: no directive without Central`,
    );

    const base = run.history.head();
    for (const name of [...CENTRAL].reverse()) await run.launcher.start(name);
    run.reconnectCentral();
    report(
      `started Central again: ${[...CENTRAL]
        .reverse()
        .map((name) => `${name} (pid ${run.service(name).pid})`)
        .join(', ')}`,
    );
    const moves: SpaceMove[] = [];
    for (const move of group) {
      await run.waitForRelease(move.space, move.to, 90_000);
      moves.push({ space: move.space, from: move.from, to: move.to });
    }
    const tick = run.history
      .since(base)
      .find(
        (commit) =>
          operationOf(commit) === 'release.windows' &&
          group.every((move) => commit.files.includes(`gitops/platform/spaces/${move.space}.yaml`)),
      );
    verify(tick !== undefined, 'a release.windows commit after the restart moves the Space(s)');
    const covered = /Windows opened in \((\S+), (\S+)\]/.exec(tick.body);
    verify(
      covered !== null &&
        Date.parse(covered[1]) < opensAt.getTime() &&
        Date.parse(covered[2]) >= opensAt.getTime(),
      `commit ${short(tick.hash)} covers the window that opened during the outage`,
    );
    report(
      `verified: catch-up commit ${short(tick.hash)} covers windows opened in (${covered[1]}, ${covered[2]}]; agents report ${moves.map((move) => `${move.space} ${move.to}`).join(', ')}`,
    );
    run.facts.outage = {
      stoppedPids: pids,
      agentsServing: serving.length,
      opensAt: opensAt.toISOString(),
      moves,
      commit: tick.hash,
      windowsOpenedIn: `(${covered[1]}, ${covered[2]}]`,
    };
    return `${agents.length} Spaces served without Central; ${moves.map((move) => `${move.space} ${move.from} → ${move.to}`).join(', ')} after restart`;
  },
};
