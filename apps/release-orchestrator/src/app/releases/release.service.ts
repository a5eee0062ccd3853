import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
} from '@platform/errors';
import { type ChannelName, type Freeze, type Release } from '@platform/gitops';
import type { CommitTrailer, GitopsStore, ReadonlyTree } from '@platform/gitops-store';
import {
  channelStatuses,
  freezeHolds,
  newReleaseDocument,
  planChannelRollback,
  planRollout,
  planSpaceRollback,
  planTrain,
  releaseIndex,
  spaceFreeze,
  windowMoves,
  type ChannelStatus,
  type NewRelease,
  type PinMove,
  type ReleaseState,
  type RollbackPlan,
  type SpaceRollout,
  type TrainPlan,
} from '@platform/release-planning';
import type { ChangeContext, ChangeRunner, MutationOutcome, PlannedChange } from './change-runner';
import { acceptReleaseDirectives, freezeDirectives, unfreezeDirectives } from './directive-plans';
import type { ScheduleRecord } from './orchestrator-files';
import { describeTarget, requireReason, type ReleaseTarget } from './release-commands';
import type { ReleaseTree } from './release-tree';
import { reviewBranchesFor, type TrainMode } from './train-review';
import {
  withChannel,
  withFleetFreeze,
  withPopPins,
  withRelease,
  withSpaceFreeze,
  withSpacePins,
} from './state-edits';

export interface ReleaseServiceDependencies {
  store: GitopsStore;
  tree: ReleaseTree;
  runner: ChangeRunner;
  now: () => Date;
  /** Reads sync with the remote when the last sync is older than this. */
  readStalenessMs: number;
  /** How trains land when the caller does not ask for review; default `commit`. */
  trainMode?: TrainMode;
}

/** What a train call asks for. */
export interface TrainRequest {
  /** Only the plan: no commit. */
  dryRun: boolean;
  /** Push a review branch even when the configured mode commits (never the other way round). */
  review?: boolean;
}

/** Proves, right before a scheduler commit, that its lease is still held. */
export interface Fence {
  token: number;
  /** @throws when the lease was lost */
  assertHeld(): Promise<void>;
}

export interface WindowTickResult {
  moved: number;
  from: string;
  to: string;
}

/**
 * Releases, channels, the train, windows, rollbacks and freezes. Every mutation is planned by
 * the pure rules of `@platform/release-planning` on the tree it commits to, and run by the
 * {@link ChangeRunner} (one commit, then the directives it owes).
 */
export class ReleaseService {
  private lastSync = 0;

  constructor(private readonly deps: ReleaseServiceDependencies) {}

  // ---- reads ----

  async state(): Promise<ReleaseState> {
    if (Date.now() - this.lastSync >= this.deps.readStalenessMs) {
      await this.deps.store.sync();
      this.lastSync = Date.now();
    }
    return this.deps.tree.stateOf(this.deps.store);
  }

  async getRelease(version: string): Promise<Release> {
    const release = (await this.state()).desired.releases.get(version);
    if (release === undefined)
      throw new NotFoundError(`release ${JSON.stringify(version)} does not exist`);
    return release;
  }

  /** Newest first, along the chain. */
  async listReleases(): Promise<Release[]> {
    const { desired } = await this.state();
    const { chain } = releaseIndex(desired.releases);
    return [...chain.versions].reverse().map((version) => desired.releases.get(version) as Release);
  }

  async getChannels(): Promise<{ channels: ChannelStatus[]; fleetFrozen?: Freeze }> {
    const state = await this.state();
    const now = this.deps.now();
    const fleet = state.freezes.fleet;
    return {
      channels: channelStatuses(state, now),
      ...(freezeHolds(fleet, now) ? { fleetFrozen: fleet } : {}),
    };
  }

  /** @throws NotFoundError for an unknown Space or PoP filter */
  async planRollout(
    from: Date,
    days: number,
    filters: { space?: string; pop?: string; channel?: ChannelName },
  ): Promise<SpaceRollout[]> {
    if (!Number.isInteger(days) || days < 1 || days > 60) {
      throw new InvalidArgumentError('days', `must be 1 to 60 (got ${days})`);
    }
    const state = await this.state();
    const { spaces, pops } = state.desired;
    if (filters.space && !spaces.has(filters.space)) {
      throw new NotFoundError(`Space "${filters.space}" does not exist`);
    }
    if (filters.pop && !pops.has(filters.pop))
      throw new NotFoundError(`PoP "${filters.pop}" does not exist`);
    const names = [...spaces.values()]
      .filter((space) => !filters.space || space.metadata.name === filters.space)
      .filter((space) => !filters.pop || space.spec.pop === filters.pop)
      .filter((space) => !filters.channel || space.spec.channel === filters.channel)
      .map((space) => space.metadata.name)
      .sort();
    return planRollout(state, from, days, names);
  }

  // ---- mutations ----

  publishRelease(context: ChangeContext, input: NewRelease): Promise<MutationOutcome<Release>> {
    return this.deps.runner.run(context, {
      operation: 'release.publish',
      request: input,
      plan: async (state) => {
        const release = newReleaseDocument(state.desired, input);
        return {
          message: `Publish release ${release.metadata.name} (after ${release.spec.compatibleWith ?? 'none: the first release'})`,
          change: { after: withRelease(state, release), releases: [release.metadata.name] },
          directives: [],
          result: release,
        };
      },
    });
  }

  blockRelease(
    context: ChangeContext,
    version: string,
    reasonInput: string,
  ): Promise<MutationOutcome<Release>> {
    const reason = requireReason('reason', reasonInput);
    return this.deps.runner.run(context, {
      operation: 'release.block',
      request: { version, reason },
      plan: async (state) => {
        const current = state.desired.releases.get(version);
        if (current === undefined)
          throw new NotFoundError(`release ${JSON.stringify(version)} does not exist`);
        const release: Release = { ...current, spec: { ...current.spec, blocked: { reason } } };
        return {
          message: `Block release ${version}: ${reason}`,
          change: { after: withRelease(state, release), releases: [version] },
          directives: [],
          result: release,
        };
      },
    });
  }

  /**
   * The weekly train; with `dryRun` only its plan. PoPs follow their channel's new release one
   * step in the same commit. With a `fence` (the scheduler) the commit also proves its lease.
   * In review mode (asked for, or configured) the commit goes to a `train/<date>` branch on top of
   * the gitops branch instead, which stays as it was: the channels move when an engineer merges
   * it, and Spaces then follow in their windows, which read the gitops branch.
   */
  runTrain(
    context: ChangeContext,
    request: TrainRequest,
    fence?: Fence,
  ): Promise<MutationOutcome<TrainPlan>> {
    const { dryRun } = request;
    const review = request.review === true || this.deps.trainMode === 'review';
    return this.deps.runner.run(context, {
      operation: dryRun ? 'train.plan' : 'train.run',
      // A reused request id that now asks for review is another request.
      request: review ? { dryRun, review } : { dryRun },
      ...(review && !dryRun ? { reviewBranches: reviewBranchesFor(this.deps.now()) } : {}),
      plan: async (state, tree) => {
        const plan = planTrain(state, this.deps.now());
        const moved = plan.channels.filter((move) => move.outcome === 'moved');
        const result: PlannedChange<TrainPlan> = { message: '', directives: [], result: plan };
        if (dryRun || (moved.length === 0 && plan.pops.length === 0)) return result;
        let after = withPopPins(
          state,
          plan.pops.map(({ pop, from, to }) => ({ name: pop, from, to })),
        );
        for (const move of moved)
          after = withChannel(after, move.channel, (spec) => ({ ...spec, release: move.to }));
        // A review branch proves the lease too, but does not record it: every window tick on the
        // gitops branch rewrites that record, and the merge would conflict on it.
        const fenced = fence ? await this.fenced(tree, fence, (record) => record) : undefined;
        const schedule = review ? undefined : fenced;
        const lines = plan.channels.map((move) =>
          move.outcome === 'moved'
            ? `${move.channel}: ${move.from} → ${move.to}`
            : `${move.channel}: stays on ${move.from}${move.blocker ? ` (${move.blocker}: ${move.detail})` : ''}`,
        );
        return {
          ...result,
          message: `Weekly train: ${moved.length} channel(s) and ${plan.pops.length} PoP(s) move one release\n\n${lines.join('\n')}`,
          trailers: [
            ['Platform-Channels-Moved', String(moved.length)],
            ['Platform-Pops-Moved', String(plan.pops.length)],
          ],
          change: {
            after,
            channels: moved.map((move) => move.channel),
            pops: plan.pops.map((move) => move.pop),
            ...(schedule ? { schedule } : {}),
          },
        };
      },
    });
  }

  rollback(
    context: ChangeContext,
    target: ReleaseTarget,
    reasonInput: string,
  ): Promise<MutationOutcome<RollbackPlan>> {
    const reason = requireReason('reason', reasonInput);
    if (target.kind === 'fleet')
      throw new InvalidArgumentError('target', 'roll back a channel or a Space');
    return this.deps.runner.run(context, {
      operation: 'release.rollback',
      request: { target, reason },
      plan: async (state) => {
        const plan =
          target.kind === 'channel'
            ? planChannelRollback(state, target.channel)
            : planSpaceRollback(state, target.space);
        let after = withSpacePins(withPopPins(state, plan.pops), plan.spaces);
        if (plan.channel) {
          const to = plan.channel.to;
          after = withChannel(after, plan.channel.channel, (spec) => ({ ...spec, release: to }));
        }
        const [first] = plan.spaces;
        const step = plan.channel ?? first;
        return {
          message: `Roll back ${describeTarget(target)} ${step.from} → ${step.to} (emergency, ${plan.spaces.length} Space(s))\n\nReason: ${reason}`,
          change: {
            after,
            spaces: plan.spaces.map((move) => move.name),
            pops: plan.pops.map((move) => move.name),
            channels: plan.channel ? [plan.channel.channel] : [],
          },
          directives: acceptReleaseDirectives(state, plan.spaces, true),
          result: plan,
        };
      },
    });
  }

  freeze(
    context: ChangeContext,
    target: ReleaseTarget,
    reasonInput: string,
    until: Date | undefined,
  ): Promise<MutationOutcome<null>> {
    const reason = requireReason('reason', reasonInput);
    if (until !== undefined && until.getTime() <= this.deps.now().getTime()) {
      throw new InvalidArgumentError('until', `must be in the future (got ${until.toISOString()})`);
    }
    const freeze: Freeze =
      until === undefined ? { reason } : { reason, until: until.toISOString() };
    return this.deps.runner.run(context, {
      operation: 'release.freeze',
      request: { target, freeze },
      plan: async (state) => {
        const spaces = affectedSpaces(state, target);
        const edit = frozenBy(state, target, freeze);
        return {
          message: `Freeze ${describeTarget(target)}${until ? ` until ${freeze.until}` : ''}\n\nReason: ${reason}`,
          change: edit,
          directives: freezeDirectives(state, spaces, freeze),
          result: null,
        };
      },
    });
  }

  unfreeze(
    context: ChangeContext,
    target: ReleaseTarget,
    reasonInput: string,
  ): Promise<MutationOutcome<null>> {
    const reason = requireReason('reason', reasonInput);
    return this.deps.runner.run(context, {
      operation: 'release.unfreeze',
      request: { target, reason },
      plan: async (state) => {
        if (!isFrozen(state, target)) {
          throw new FailedPreconditionError(`${describeTarget(target)} is not frozen`);
        }
        const edit = frozenBy(state, target, undefined);
        const now = this.deps.now();
        // A Space still held by another freeze (its own, its channel's, the fleet's) stays frozen.
        const lifted = affectedSpaces(state, target).filter(
          (space) => spaceFreeze(edit.after, space, now) === undefined,
        );
        return {
          message: `Unfreeze ${describeTarget(target)}\n\nReason: ${reason}`,
          change: edit,
          directives: unfreezeDirectives(state, lifted),
          result: null,
        };
      },
    });
  }

  /**
   * One scheduler tick: every Space whose window opened in `(from, to]` (and after the windows
   * the tree says were handled) and is behind its channel moves one release, in one commit
   * that also records the tick and the lease's fencing token.
   */
  windowTick(
    context: ChangeContext,
    from: Date,
    to: Date,
    fence: Fence,
  ): Promise<MutationOutcome<WindowTickResult>> {
    return this.deps.runner.run(context, {
      operation: 'release.windows',
      request: { to: to.toISOString() },
      plan: async (state, tree) => {
        let start = from;
        const schedule = await this.fenced(tree, fence, (record) => {
          const handled = record.windowsHandledUntil
            ? new Date(record.windowsHandledUntil)
            : undefined;
          if (handled && handled.getTime() > start.getTime()) start = handled;
          return { ...record, windowsHandledUntil: to.toISOString() };
        });
        const result = { moved: 0, from: start.toISOString(), to: to.toISOString() };
        if (start.getTime() >= to.getTime()) return { message: '', directives: [], result };
        const moves = windowMoves(state, start, to).map((move) => ({
          name: move.space,
          from: move.from,
          to: move.to,
        }));
        if (moves.length === 0) return { message: '', directives: [], result };
        const steps = countBy(moves, (move) => `${move.from} → ${move.to}`);
        return {
          message: `Maintenance windows: ${moves.length} Space(s) move one release\n\nWindows opened in (${start.toISOString()}, ${to.toISOString()}]\n${[...steps].map(([step, count]) => `${step}: ${count} Space(s)`).join('\n')}`,
          trailers: tickTrailers(state, moves),
          change: {
            after: withSpacePins(state, moves),
            spaces: moves.map((move) => move.name),
            schedule,
          },
          directives: acceptReleaseDirectives(state, moves, false),
          result: { ...result, moved: moves.length },
        };
      },
    });
  }

  /**
   * The schedule record a fenced commit writes. Refuses when a newer lease holder has
   * committed (its token is in the tree) or this holder's lease is gone.
   */
  private async fenced(
    tree: ReadonlyTree,
    fence: Fence,
    edit: (record: ScheduleRecord) => ScheduleRecord,
  ): Promise<ScheduleRecord> {
    const record = await this.deps.tree.scheduleOf(tree);
    if (record.fencingToken > fence.token) {
      throw new PermissionDeniedError(
        `lease fencing token ${fence.token} is older than ${record.fencingToken} in the gitops tree: another orchestrator holds the lease`,
      );
    }
    await fence.assertHeld();
    return { ...edit(record), fencingToken: fence.token };
  }
}

/** How many of `items` fall under each key, in order of first appearance. */
function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * A window tick's counts as trailers: Spaces moved, then per channel and per release moved to
 * (`<name>=<count>`, sorted), so `git log --format=%(trailers)` answers "how many moved" alone.
 */
function tickTrailers(state: ReleaseState, moves: readonly PinMove[]): CommitTrailer[] {
  const counted = (key: string, counts: Map<string, number>): CommitTrailer[] =>
    [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, count]) => [key, `${name}=${count}`]);
  return [
    ['Platform-Spaces-Moved', String(moves.length)],
    ...counted(
      'Platform-Channel-Spaces-Moved',
      countBy(moves, (move) => state.desired.spaces.get(move.name)?.spec.channel ?? 'none'),
    ),
    ...counted(
      'Platform-Release-Spaces-Moved',
      countBy(moves, (move) => move.to),
    ),
  ];
}

function affectedSpaces(state: ReleaseState, target: ReleaseTarget): string[] {
  const spaces = [...state.desired.spaces.values()];
  if (target.kind === 'space') {
    if (!state.desired.spaces.has(target.space))
      throw new NotFoundError(`Space "${target.space}" does not exist`);
    return [target.space];
  }
  return spaces
    .filter((space) => target.kind === 'fleet' || space.spec.channel === target.channel)
    .map((space) => space.metadata.name)
    .sort();
}

function frozenBy(
  state: ReleaseState,
  target: ReleaseTarget,
  freeze: Freeze | undefined,
): { after: ReleaseState; channels?: ChannelName[]; freezes?: boolean } {
  if (target.kind === 'channel') {
    if (!state.desired.channels.has(target.channel)) {
      throw new FailedPreconditionError(`channel ${target.channel} has no document to freeze`);
    }
    return {
      after: withChannel(state, target.channel, (spec) => {
        const next = { ...spec };
        delete next.frozen;
        return freeze === undefined ? next : { ...next, frozen: freeze };
      }),
      channels: [target.channel],
    };
  }
  if (target.kind === 'space') {
    if (!state.desired.spaces.has(target.space))
      throw new NotFoundError(`Space "${target.space}" does not exist`);
    return { after: withSpaceFreeze(state, target.space, freeze), freezes: true };
  }
  return { after: withFleetFreeze(state, freeze), freezes: true };
}

function isFrozen(state: ReleaseState, target: ReleaseTarget): boolean {
  if (target.kind === 'channel')
    return state.desired.channels.get(target.channel)?.spec.frozen !== undefined;
  if (target.kind === 'space') {
    if (!state.desired.spaces.has(target.space))
      throw new NotFoundError(`Space "${target.space}" does not exist`);
    return state.freezes.spaces.has(target.space);
  }
  return state.freezes.fleet !== undefined;
}
