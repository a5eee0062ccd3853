import { commonV1alpha1 } from '@platform/contracts';
import {
  checkGitopsTree,
  ParsedFileCache,
  parseDesiredState,
  parseGitopsTree,
  renderDesiredState,
  type ChannelName,
  type DesiredState,
  type MaintenanceWindow,
  type Migration,
  type Problem,
} from '@platform/gitops';
import { occurrencesBetween } from '@platform/release-planning';
import { eventually } from '@platform/testing';
import { parse } from 'yaml';
import { cachedRenderer } from '../test/cached-render';
import { CALENDAR_WINDOWS, LAGGARD, calendarFleetFiles } from '../test/calendar-fleet';
import {
  expectedPins,
  insideWindowOnWallClock,
  type CalendarFacts,
  type ModelSpace,
} from '../test/calendar-model';
import { readHistory, type HistoryCommit } from '../test/git-history-reader';
import {
  startInProcessOrchestrator,
  type InProcessOrchestrator,
  type Replica,
} from '../test/in-process-orchestrator';
import type { ReceivedDirectives } from '../test/relay-processes';

const SPACES = 200;
const POPS = ['aws-us-east-1', 'gcp-europe-west1'];
const START = new Date('2026-03-01T12:00:00Z');
const END = new Date('2026-04-27T00:00:00Z');
const WEEKS = 8;
const TICK_AFTER_OPENING_MS = 2 * 60_000;
const TRAIN_WINDOW: MaintenanceWindow = {
  day: 'monday',
  start: '09:00',
  timeZone: 'UTC',
  durationMinutes: 60,
};
const CHAIN = Array.from({ length: 12 }, (_, index) => `2026.${44 + index}.0`);
const v = (week: number) => `2026.${week}.0`;
const DIGEST = (seed: number) => `sha256:${seed.toString(16).padStart(64, '0')}`;

/** The Monday of calendar week `week` (1-based), at `hh:mm` UTC. */
const monday = (week: number, time: string) =>
  new Date(Date.UTC(2026, 2, 2 + 7 * (week - 1)) + minutesOf(time) * 60_000);
function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Each week's release: orders-total goes expand (48) → migrate (49) → contract (50). */
const PUBLISHED: Record<number, Migration[]> = {
  48: [{ id: 'orders-total', phase: 'expand' }],
  49: [{ id: 'orders-total', phase: 'migrate' }],
  50: [{ id: 'orders-total', phase: 'contract' }],
};
const BLOCKED_RELEASE = v(54);
const BLOCKED_AT = monday(7, '08:30');
/** The laggard Space is frozen until the Tuesday of week 3: it holds dev's contract back. */
const LAGGARD_THAW = new Date('2026-03-17T00:00:00Z');
/** Staging is frozen from after week 3's train until the Tuesday of week 5 (through a train). */
const STAGING_FREEZE = { from: monday(3, '11:00'), to: new Date('2026-03-31T00:00:00Z') };

type Outcome = 'moved' | 'unchanged' | `blocked ${string}`;
interface WeekOfTrain {
  prod: [string, Outcome];
  staging: [string, Outcome];
  dev: [string, Outcome];
}
/** What each week's train leaves on each channel, worked out by hand from the rules. */
const TRAINS: WeekOfTrain[] = [
  { prod: [v(46), 'moved'], staging: [v(47), 'moved'], dev: [v(48), 'moved'] },
  { prod: [v(47), 'moved'], staging: [v(48), 'moved'], dev: [v(49), 'moved'] },
  // The laggard (frozen) still runs 2026.47.0, older than orders-total's expand (2026.48.0).
  { prod: [v(48), 'moved'], staging: [v(49), 'moved'], dev: [v(49), 'blocked contract-gate'] },
  { prod: [v(49), 'moved'], staging: [v(49), 'unchanged'], dev: [v(50), 'moved'] },
  { prod: [v(49), 'unchanged'], staging: [v(49), 'blocked channel-frozen'], dev: [v(51), 'moved'] },
  // Staging, two behind dev after its frozen week, catches up one step.
  { prod: [v(49), 'unchanged'], staging: [v(50), 'moved'], dev: [v(52), 'moved'] },
  { prod: [v(50), 'moved'], staging: [v(51), 'moved'], dev: [v(53), 'moved'] },
  { prod: [v(51), 'moved'], staging: [v(52), 'moved'], dev: [v(53), 'blocked release-blocked'] },
];
const INITIAL: Record<ChannelName, string> = { dev: v(47), staging: v(46), prod: v(45) };

const facts: CalendarFacts = {
  chain: CHAIN,
  channelAt(channel, at) {
    let release = INITIAL[channel];
    TRAINS.forEach((week, index) => {
      if (monday(index + 1, '09:00').getTime() <= at.getTime()) release = week[channel][0];
    });
    return release;
  },
  frozenAt(space, at) {
    const t = at.getTime();
    if (space.name === LAGGARD && t < LAGGARD_THAW.getTime()) return true;
    return (
      space.channel === 'staging' &&
      t >= STAGING_FREEZE.from.getTime() &&
      t < STAGING_FREEZE.to.getTime()
    );
  },
  blockedAt: (release, at) => release === BLOCKED_RELEASE && at.getTime() >= BLOCKED_AT.getTime(),
};

interface SpaceStep {
  space: string;
  from: string;
  to: string;
}

/** What changed in one commit, read from the trees. */
interface CommitFacts {
  commit: HistoryCommit;
  state: DesiredState;
  spaceSteps: SpaceStep[];
  popSteps: SpaceStep[];
  channelSteps: SpaceStep[];
  /** The scheduler's `now` for window commits (`windowsHandledUntil`). */
  tickAt?: Date;
}

/**
 * Issue 6's calendar: 200 Spaces in many time zones over the example fleet's two PoPs and three
 * channels, eight weeks from 1 March 2026 (both DST spring-forwards and the southern fall-back),
 * on a real git remote, Redis and the two PoPs' real relay processes. The scheduler runs in this
 * process on a manual clock: the train every Monday 09:00 UTC, a tick two minutes after each
 * window opens and one at noon UTC every day. A release is published every Monday.
 */
describe('eight simulated weeks of trains and maintenance windows', () => {
  let orchestrator: InProcessOrchestrator;
  let leader: Replica;
  let spaces: ModelSpace[];
  let commits: HistoryCommit[];
  let history: CommitFacts[];
  const agents = new Map<string, ReceivedDirectives>();

  beforeAll(async () => {
    const files = await calendarFleetFiles(SPACES);
    orchestrator = await startInProcessOrchestrator(START.toISOString(), files, {
      relayPops: POPS,
    });
    leader = orchestrator.replica('leader', { trainSchedule: TRAIN_WINDOW, tickMs: 60_000 });
    spaces = modelSpaces(files);
    await runCalendar();
    commits = readHistory(orchestrator.remote);
    history = commitFacts(commits);
  }, 170_000);

  afterAll(async () => {
    for (const agent of agents.values()) agent.close();
    await orchestrator?.stop();
  });

  async function runCalendar(): Promise<void> {
    const events: { at: Date; order: number; run: () => Promise<unknown> }[] = [];
    const at = (when: Date, order: number, run: () => Promise<unknown>) =>
      events.push({ at: when, order, run });
    const tick = () => leader.scheduler.tick();
    const actor = (requestId: string) => ({ actor: 'release-manager@example.com', requestId });

    at(START, 0, tick);
    at(START, 1, () =>
      leader.service.freeze(
        actor('freeze-laggard'),
        { kind: 'space', space: LAGGARD },
        'customer audit',
        LAGGARD_THAW,
      ),
    );
    for (let week = 1; week <= WEEKS; week += 1) {
      const version = v(47 + week);
      at(monday(week, '08:00'), 0, () =>
        leader.service.publishRelease(actor(`publish-${version}`), {
          version,
          components: {
            api: `registry.privatecloud.io/identity/api@${DIGEST(47 + week)}`,
            worker: `registry.privatecloud.io/identity/worker@${DIGEST(147 + week)}`,
          },
          migrations: PUBLISHED[47 + week] ?? [],
          compatibleWith: v(46 + week),
        }),
      );
      at(new Date(monday(week, '09:00').getTime() + TICK_AFTER_OPENING_MS), 0, tick);
    }
    at(BLOCKED_AT, 0, () =>
      leader.service.blockRelease(actor('block-54'), BLOCKED_RELEASE, 'breaks SAML login'),
    );
    at(STAGING_FREEZE.from, 0, () =>
      leader.service.freeze(
        actor('freeze-staging'),
        { kind: 'channel', channel: 'staging' },
        'quarter close',
        undefined,
      ),
    );
    at(STAGING_FREEZE.to, 0, () =>
      leader.service.unfreeze(
        actor('unfreeze-staging'),
        { kind: 'channel', channel: 'staging' },
        'quarter closed',
      ),
    );
    const windows = new Map(spaces.map((space) => [windowKey(space.window), space.window]));
    for (const window of windows.values()) {
      for (const opening of occurrencesBetween(window, START, END)) {
        const tickAt = new Date(opening.start.getTime() + TICK_AFTER_OPENING_MS);
        if (tickAt.getTime() < END.getTime()) at(tickAt, 2, tick);
      }
    }
    for (let day = 0; day < (END.getTime() - START.getTime()) / 86_400_000; day += 1) {
      at(new Date(START.getTime() + day * 86_400_000), 3, tick);
    }

    events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
    for (const event of events) {
      orchestrator.clock.set(event.at.toISOString());
      await event.run();
    }
  }

  function commitFacts(all: HistoryCommit[]): CommitFacts[] {
    const cache = new ParsedFileCache();
    const states = all.map((commit) => {
      const { state, problems } = parseGitopsTree(
        new Map([...commit.files].filter(([path]) => path.startsWith('platform/'))),
        cache,
      );
      if (problems.length > 0) throw new Error(`${commit.id}: ${JSON.stringify(problems[0])}`);
      return state;
    });
    return all.slice(1).map((commit, index) => {
      const before = states[index] as DesiredState;
      const after = states[index + 1] as DesiredState;
      const steps = <T extends { spec: { release: string } }>(
        was: ReadonlyMap<string, T>,
        is: ReadonlyMap<string, T>,
      ) =>
        [...is]
          .filter(([name, item]) => was.get(name)?.spec.release !== item.spec.release)
          .map(([name, item]) => ({
            space: name,
            from: was.get(name)?.spec.release ?? '',
            to: item.spec.release,
          }));
      const schedule = commit.files.get('orchestrator/schedule.yaml');
      const handled = schedule
        ? (parse(schedule) as { windowsHandledUntil?: string }).windowsHandledUntil
        : undefined;
      return {
        commit,
        state: after,
        spaceSteps: steps(before.spaces, after.spaces),
        popSteps: steps(before.pops, after.pops),
        channelSteps: steps(before.channels, after.channels),
        ...(commit.subject.startsWith('Maintenance windows') && handled
          ? { tickAt: new Date(handled) }
          : {}),
      };
    });
  }

  const trainCommits = () =>
    history.filter((entry) => entry.commit.subject.startsWith('Weekly train'));
  const windowCommits = () => history.filter((entry) => entry.tickAt !== undefined);

  it('runs the train once a week, in one commit that moves the channels as the rules say', () => {
    const trains = trainCommits();

    expect(trains).toHaveLength(WEEKS);
    const seen = trains.map((train) => {
      const channel = (name: ChannelName): [string, Outcome] => {
        const release = train.state.channels.get(name)?.spec.release ?? '';
        const line = train.commit.message.split('\n').find((l) => l.startsWith(`${name}: `)) ?? '';
        const blocked = /\((\S+): /.exec(line);
        if (line.includes('→')) return [release, 'moved'];
        return [release, blocked ? `blocked ${blocked[1]}` : 'unchanged'];
      };
      return { prod: channel('prod'), staging: channel('staging'), dev: channel('dev') };
    });
    expect(seen).toEqual(TRAINS);
    // Channels change release only in train commits.
    const channelMoves = history.filter((entry) => entry.channelSteps.length > 0);
    expect(channelMoves.every((entry) => entry.commit.subject.startsWith('Weekly train'))).toBe(
      true,
    );
  });

  it('ends every Space where one step per window takes it, and every PoP on prod', () => {
    const expected = expectedPins(spaces, facts, START, END);
    const last = history[history.length - 1]?.state as DesiredState;
    const actual = new Map([...last.spaces].map(([name, space]) => [name, space.spec.release]));

    expect(actual.size).toBe(SPACES);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    // Not a fleet that stood still: most Spaces took several steps.
    const steps = history.flatMap((entry) => entry.spaceSteps);
    expect(steps.length).toBeGreaterThan(SPACES * 4);
    expect([...last.pops.values()].map((pop) => pop.spec.release)).toEqual([v(51), v(51)]);
  });

  it('never lets a Space or a PoP skip a release: every commit passes the checker against its parent', () => {
    const problems: (Problem & { commit: string })[] = [];
    const render = cachedRenderer();
    let parent = commits[0] as HistoryCommit;
    for (const entry of history) {
      const found = checkGitopsTree({
        files: entry.commit.files,
        baseFiles: parent.files,
        render,
      });
      problems.push(...found.map((problem) => ({ ...problem, commit: entry.commit.subject })));
      parent = entry.commit;
    }
    expect(problems).toEqual([]);
    // The replay's shortcut renders exactly what the checker's renderer does.
    const last = history[history.length - 1] as CommitFacts;
    expect(render(last.state)).toEqual(renderDesiredState(last.state));

    const distance = (step: SpaceStep) => CHAIN.indexOf(step.to) - CHAIN.indexOf(step.from);
    const steps = history.flatMap((entry) => [...entry.spaceSteps, ...entry.popSteps]);
    expect(steps.filter((step) => distance(step) !== 1)).toEqual([]);
  });

  it('honours the Space freeze, the channel freeze and the blocked release', () => {
    const moved = (entry: CommitFacts) => entry.spaceSteps.map((step) => step.space);
    const laggardSteps = history.filter((entry) => moved(entry).includes(LAGGARD));
    const stagingNames = new Set(
      spaces.filter((space) => space.channel === 'staging').map((space) => space.name),
    );
    const duringStagingFreeze = windowCommits().filter(
      (entry) =>
        (entry.tickAt as Date) >= STAGING_FREEZE.from && (entry.tickAt as Date) < STAGING_FREEZE.to,
    );

    expect(laggardSteps.length).toBeGreaterThan(0);
    expect(laggardSteps.every((entry) => (entry.tickAt as Date) >= LAGGARD_THAW)).toBe(true);
    expect(duringStagingFreeze.length).toBeGreaterThan(0);
    expect(
      duringStagingFreeze.flatMap((entry) => moved(entry).filter((s) => stagingNames.has(s))),
    ).toEqual([]);
    const onBlocked = history.flatMap((entry) => [
      ...entry.spaceSteps,
      ...entry.popSteps,
      ...entry.channelSteps,
    ]);
    expect(onBlocked.filter((step) => step.to === BLOCKED_RELEASE)).toEqual([]);
  });

  it('holds a contract back from dev while a Space on it is older than the expand', () => {
    const weekThree = trainCommits()[2] as CommitFacts;

    expect(weekThree.commit.message).toContain(
      `dev: stays on ${v(49)} (contract-gate: contract "orders-total" in ${v(50)} waits for Spaces older than ${v(48)} (which carries its expand): ${LAGGARD})`,
    );
    const laggardAtTrain = history
      .filter((entry) => entry.commit.id === weekThree.commit.id)
      .map((entry) => entry.state.spaces.get(LAGGARD)?.spec.release);
    expect(laggardAtTrain).toEqual([v(47)]);
  });

  it('moves every Space inside its window on its own wall clock, across the DST nights', () => {
    const windowOf = new Map(spaces.map((space) => [space.name, space.window]));
    const outside = windowCommits().flatMap((entry) =>
      entry.spaceSteps
        .filter(
          (step) =>
            !insideWindowOnWallClock(
              windowOf.get(step.space) as MaintenanceWindow,
              entry.tickAt as Date,
            ),
        )
        .map((step) => `${step.space} at ${(entry.tickAt as Date).toISOString()}`),
    );
    expect(outside).toEqual([]);
    expect(windowCommits().length).toBeGreaterThan(WEEKS * 10);

    // The DST nights, read by hand from the zone rules: when the first tick after each window
    // opened moved its Spaces.
    const tickedAt = (window: MaintenanceWindow, day: string) =>
      windowCommits()
        .filter((entry) =>
          entry.spaceSteps.some(
            (step) =>
              windowKey(windowOf.get(step.space) as MaintenanceWindow) === windowKey(window),
          ),
        )
        .map((entry) => (entry.tickAt as Date).toISOString())
        .filter((iso) => iso.startsWith(day));
    const [nyEarly, nyGap, , londonEarly, londonGap, , sydneyRepeat, , kolkata] = CALENDAR_WINDOWS;
    // New York springs forward at 02:00 on 8 March: 01:30 is still EST (UTC-5).
    expect(tickedAt(nyEarly as MaintenanceWindow, '2026-03-08')).toEqual([
      '2026-03-08T06:32:00.000Z',
    ]);
    // 02:30 does not exist that night: the window opens at the jump, 03:00 EDT (07:00Z).
    expect(tickedAt(nyGap as MaintenanceWindow, '2026-03-08')).toEqual([
      '2026-03-08T07:02:00.000Z',
    ]);
    // London springs forward at 01:00 on 29 March: 00:30 is GMT; 01:30 opens at the jump.
    expect(tickedAt(londonEarly as MaintenanceWindow, '2026-03-29')).toEqual([
      '2026-03-29T00:32:00.000Z',
    ]);
    expect(tickedAt(londonGap as MaintenanceWindow, '2026-03-29')).toEqual([
      '2026-03-29T01:02:00.000Z',
    ]);
    // Sydney falls back at 03:00 on 5 April: 02:30 comes twice, the first (AEDT, UTC+11) counts.
    expect(tickedAt(sydneyRepeat as MaintenanceWindow, '2026-04-04')).toEqual([
      '2026-04-04T15:32:00.000Z',
    ]);
    // Kolkata, UTC+05:30 all year: Sunday 01:30 is Saturday 20:00Z.
    expect(tickedAt(kolkata as MaintenanceWindow, '2026-03-28')).toEqual([
      '2026-03-28T20:02:00.000Z',
    ]);
  });

  it('carries every directive through the real relays to each Space, in order', async () => {
    const relays = orchestrator.relays;
    if (!relays) throw new Error('the relays did not start');
    const acceptRelease = commonV1alpha1.DirectiveKind.DIRECTIVE_KIND_ACCEPT_RELEASE;
    const stepsOf = (space: string) =>
      history.flatMap((entry) => entry.spaceSteps.filter((step) => step.space === space));
    const last = history[history.length - 1]?.state as DesiredState;

    await eventually(
      async () => {
        for (const space of last.spaces.values()) {
          const pending = await orchestrator.outbox.pendingFor(space.metadata.name);
          const pops = [space.spec.pop, space.spec.addOns.geoFailover?.secondaryPop].filter(
            (pop): pop is string => pop !== undefined,
          );
          for (const pop of pops) {
            const here = pending.filter((entry) => entry.pop === pop);
            expect(here.every((entry) => entry.state === 'at-relay')).toBe(true);
            expect(here.filter((entry) => entry.kind === acceptRelease)).toHaveLength(
              stepsOf(space.metadata.name).length,
            );
            expect(await relays.backlog(pop, space.metadata.name)).toBe(here.length);
          }
        }
      },
      60_000,
      500,
    );

    // Two agents read what their relay holds for them: the laggard, and a geo-failover Space on
    // its secondary PoP.
    const geo = [...last.spaces.values()].find((space) => space.spec.addOns.geoFailover);
    const watched: [string, string][] = [
      [LAGGARD, last.spaces.get(LAGGARD)?.spec.pop as string],
      [geo?.metadata.name as string, geo?.spec.addOns.geoFailover?.secondaryPop as string],
    ];
    for (const [space, pop] of watched) {
      const agent = await relays.subscribeAsSpace(pop, space);
      agents.set(space, agent);
      const expected = stepsOf(space).map((step) => `${step.from} → ${step.to}`);
      await eventually(async () => {
        const received = agent.bodies
          .filter((body) => body.acceptRelease !== undefined)
          .map((body) => `${body.acceptRelease?.fromRelease} → ${body.acceptRelease?.release}`);
        expect(received).toEqual(expected);
      }, 15_000);
      expect(agent.bodies.every((body) => body.space === space)).toBe(true);
    }
  });
});

function windowKey(window: MaintenanceWindow): string {
  return `${window.day} ${window.start} ${window.timeZone} ${window.durationMinutes}`;
}

/** The Spaces of the seed as the model sees them: basic tier takes the platform window. */
function modelSpaces(files: Record<string, string>): ModelSpace[] {
  const platform = new Map(
    Object.entries(files)
      .filter(([path]) => path.startsWith('gitops/platform/'))
      .map(([path, text]) => [path.slice('gitops/'.length), text]),
  );
  const { state } = parseDesiredState(platform);
  const basic = state.settings.spec.basicTierWindow;
  return [...state.spaces.values()].map((space) => ({
    name: space.metadata.name,
    channel: space.spec.channel,
    release: space.spec.release,
    window: space.spec.tier === 'basic' ? basic : space.spec.maintenanceWindow,
  }));
}
