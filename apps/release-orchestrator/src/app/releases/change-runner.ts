import type { DirectiveSigner } from '@platform/directives';
import type { OutboxEntry } from '@platform/directive-outbox';
import { PLATFORM_DIR } from '@platform/gitops';
import type {
  BranchCommitResult,
  CommitTrailer,
  GitopsChange,
  GitopsStore,
  ReadonlyTree,
} from '@platform/gitops-store';
import type { ReleaseState } from '@platform/release-planning';
import { AlreadyExistsError, UnavailableError } from '@platform/errors';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { RequestLedger } from '@platform/request-ledger';
import type { PlannedDirective } from './directive-plans';
import { MemoryTree } from './memory-tree';
import { FREEZES_PATH, SCHEDULE_PATH } from './orchestrator-files';
import type { ReleaseTree, StateChange } from './release-tree';
import { signDirectives, toOutboxEntry, type RecordedDirective } from './signed-directives';

/** What one planning pass over a tree decided. */
export interface PlannedChange<Result> {
  /** The commit message's summary (and body); also tells two passes apart. */
  message: string;
  /** Trailers after the `Platform-*` three, e.g. counts of what moved; part of telling passes apart. */
  trailers?: readonly CommitTrailer[];
  /** Undefined when there is nothing to commit (a dry run, nothing to move). */
  change?: StateChange;
  directives: PlannedDirective[];
  /** What the caller gets back besides the commit (JSON-serializable). */
  result: Result;
}

/** One mutation: `plan` runs on each tree the commit is attempted on, and must derive everything from it. */
export interface ReleaseMutation<Result> {
  operation: string;
  /** The request without its id, to recognize a reused id. */
  request: unknown;
  plan(state: ReleaseState, tree: ReadonlyTree): Promise<PlannedChange<Result>>;
  /**
   * Review mode: the commit goes, on top of the gitops branch, to the first of these branches
   * that is free (or already holds this request's commit), not to the gitops branch, and no
   * directives are sent: nothing has changed on the branch everything moves from until an
   * engineer merges it.
   */
  reviewBranches?: readonly string[];
}

/** What a mutation did; returned again to every retry with its request id. */
export interface MutationOutcome<Result> {
  /** The commit that holds the change; '' when nothing was committed. */
  commit: string;
  directiveIds: string[];
  result: Result;
  /** In review mode, the branch `commit` was pushed to; absent otherwise. */
  reviewBranch?: string;
}

interface CommittedWork<Result> {
  outcome: MutationOutcome<Result>;
  directives: RecordedDirective[];
}

export type ReleaseLedger = RequestLedger<MutationOutcome<unknown>, CommittedWork<unknown>>;

export interface ChangeRunnerDependencies {
  store: GitopsStore;
  tree: ReleaseTree;
  ledger: ReleaseLedger;
  signer: DirectiveSigner;
  queue: { enqueue(entries: OutboxEntry[]): Promise<void> };
  now: () => Date;
}

/** Who asked and under which idempotency key. */
export interface ChangeContext {
  actor: string;
  /** Empty means the caller does not retry: a key is made up. */
  requestId: string;
}

/** The plan changed between planning and committing (another writer won the push). */
class PlanMoved extends Error {}

const PLAN_ATTEMPTS = 5;

/**
 * Runs mutations the way the control plane does: claim the request id → one commit whose files
 * are derived from the tree → the signed directives it owes, recorded with the request, then
 * queued for the relays → the result, kept for retries. A holder that died after pushing is
 * finished by the retry: the commit is found by its request-id trailer, and the change planned
 * again on its parent gives the same directives with the same ids.
 */
export class ChangeRunner {
  constructor(private readonly deps: ChangeRunnerDependencies) {}

  async run<Result>(
    context: ChangeContext,
    mutation: ReleaseMutation<Result>,
  ): Promise<MutationOutcome<Result>> {
    const requestId = context.requestId || `generated-${randomUUID()}`;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([mutation.operation, mutation.request]))
      .digest('hex');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const claim = await this.deps.ledger.claim(requestId, fingerprint);
      if (claim.kind === 'done') return claim.outcome as MutationOutcome<Result>;
      if (claim.kind === 'committed') {
        return this.finish(requestId, claim.token, claim.pending as CommittedWork<Result>);
      }
      if (claim.kind === 'new') {
        try {
          const work = await this.commit(requestId, context.actor, mutation, claim.resumed);
          if (!(await this.deps.ledger.committed(requestId, claim.token, work))) {
            throw new UnavailableError(
              `request ${JSON.stringify(requestId)} was taken over by another call; retry it`,
            );
          }
          return await this.finish(requestId, claim.token, work);
        } catch (error) {
          await this.deps.ledger.release(requestId, claim.token);
          throw error;
        }
      }
      if (Date.now() >= deadline) {
        throw new UnavailableError(
          `request ${JSON.stringify(requestId)} is still being handled by another call; retry it later`,
        );
      }
      await delay(50);
    }
  }

  private async commit<Result>(
    requestId: string,
    actor: string,
    mutation: ReleaseMutation<Result>,
    resumed: boolean,
  ): Promise<CommittedWork<Result>> {
    await this.deps.store.sync();
    if (resumed) {
      const landed = await this.deps.store.findCommitByRequestId(requestId);
      if (landed !== undefined) {
        const parent = await this.treeAt(`${landed}^`);
        const planned = await mutation.plan(await this.deps.tree.stateOf(parent), parent);
        return this.signed(requestId, landed, planned);
      }
    }
    for (let attempt = 1; ; attempt++) {
      const planned = await mutation.plan(
        await this.deps.tree.stateOf(this.deps.store),
        this.deps.store,
      );
      const change = planned.change;
      if (change === undefined) {
        return {
          outcome: { commit: '', directiveIds: [], result: planned.result },
          directives: [],
        };
      }
      let last = planned;
      const gitopsChange: GitopsChange = {
        operation: mutation.operation,
        actor,
        requestId,
        message: planned.message,
        ...(planned.trailers ? { trailers: planned.trailers } : {}),
        apply: async (tree) => {
          const before = await this.deps.tree.stateOf(tree);
          const again = await mutation.plan(before, tree);
          if (
            again.message !== planned.message ||
            JSON.stringify(again.trailers ?? []) !== JSON.stringify(planned.trailers ?? []) ||
            again.change === undefined
          )
            throw new PlanMoved();
          last = again;
          return this.deps.tree.filesFor(tree, before, again.change);
        },
      };
      try {
        if (mutation.reviewBranches !== undefined) {
          const proposed = await this.toReviewBranch(gitopsChange, mutation.reviewBranches);
          return this.signed(
            requestId,
            proposed.commit,
            { ...last, directives: [] },
            proposed.changed ? proposed.branch : undefined,
          );
        }
        const result = await this.deps.store.commit(gitopsChange);
        return this.signed(
          requestId,
          result.commit,
          result.changed ? last : { ...last, directives: [] },
        );
      } catch (error) {
        if (!(error instanceof PlanMoved) || attempt >= PLAN_ATTEMPTS) throw error;
        await this.deps.store.sync();
      }
    }
  }

  /** The change on the first free review branch (or the one that already holds this request). */
  private async toReviewBranch(
    change: GitopsChange,
    branches: readonly string[],
  ): Promise<BranchCommitResult> {
    for (const branch of branches) {
      try {
        return await this.deps.store.commitToBranch(change, branch);
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
      }
    }
    throw new AlreadyExistsError(
      `review branches ${branches[0]} to ${branches.at(-1)} all exist on the gitops remote; ` +
        'merge or delete them, then run the train again',
    );
  }

  private signed<Result>(
    requestId: string,
    commit: string,
    planned: PlannedChange<Result>,
    reviewBranch?: string,
  ): CommittedWork<Result> {
    const directives = signDirectives(
      this.deps.signer,
      requestId,
      commit,
      this.deps.now(),
      planned.directives,
    );
    return {
      outcome: {
        commit,
        directiveIds: directives.map((d) => d.directiveId),
        result: planned.result,
        ...(reviewBranch === undefined ? {} : { reviewBranch }),
      },
      directives,
    };
  }

  /** The files of `commit` that the release state is read from. */
  private async treeAt(commit: string): Promise<ReadonlyTree> {
    const paths = [...(await this.deps.store.listFiles(PLATFORM_DIR)), FREEZES_PATH, SCHEDULE_PATH];
    const files = new Map<string, string>();
    for (const path of paths) {
      const text = await this.deps.store.readFileAt(commit, path);
      if (text !== undefined) files.set(path, text);
    }
    return new MemoryTree(files);
  }

  private async finish<Result>(
    requestId: string,
    token: string,
    work: CommittedWork<Result>,
  ): Promise<MutationOutcome<Result>> {
    await this.deps.queue.enqueue(work.directives.map(toOutboxEntry));
    await this.deps.ledger.done(requestId, token, work.outcome);
    return work.outcome;
  }
}
