import type { commonV1alpha1, directiveV1alpha1 } from '@platform/contracts';
import { DirectiveSigner, type DirectiveIdGenerator } from '@platform/directives';
import { UnavailableError } from '@platform/errors';
import { documentPath, type DesiredState, type Pop, type Space } from '@platform/gitops';
import type { GitopsStore } from '@platform/gitops-store';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { parse } from 'yaml';
import type { OutboxEntry, PendingOutboxDirective } from '@platform/directive-outbox';
import type { RequestLedger } from '@platform/request-ledger';
import type { ChangeOutcome, CommittedWork, RecordedDirective } from './change-outcome';
import type {
  CreatePopCommand,
  CreateSpaceCommand,
  FailoverSpaceCommand,
  UpdateSpaceCommand,
} from './fleet-commands';
import { FleetTree, type DocumentChange } from './fleet-tree';
import { createdPop, deletedPop, requirePop } from './pop-changes';
import { spaceDirectives, type PlannedDirective } from './space-directives';
import {
  createdSpace,
  deletedSpace,
  failedOverSpace,
  requireSpace,
  updatedSpace,
} from './space-changes';

/** What directives are derived with besides the documents: the release chain and the settings. */
type DirectiveContext = Pick<DesiredState, 'releases' | 'settings'>;

/** Where queued directives wait for their relay. */
export interface DirectiveQueue {
  enqueue(entries: OutboxEntry[]): Promise<void>;
  pendingFor(space: string): Promise<PendingOutboxDirective[]>;
}

export interface FleetServiceOptions {
  /** Reads sync with the remote when the last sync is older than this. */
  readStalenessMs: number;
  /** How long a call waits for another call with the same request id to finish. */
  busyWaitMs: number;
}

export interface FleetDependencies {
  store: GitopsStore;
  ledger: RequestLedger<ChangeOutcome, CommittedWork>;
  signer: DirectiveSigner;
  queue: DirectiveQueue;
  newDirectiveId: DirectiveIdGenerator;
  now: () => Date;
}

/** Who asked for a change and under which idempotency key. */
export interface ChangeContext {
  actor: string;
  /** Empty means the caller does not retry: a key is made up. */
  requestId: string;
}

interface Mutation {
  operation: string;
  /** The request without its id, to recognize a reused id. */
  request: unknown;
  kind: DocumentChange['kind'];
  name: string;
  /** The commit message's summary line. */
  message: string;
  change: (state: DesiredState) => DocumentChange;
}

/**
 * The fleet's use cases. Every mutation is: claim the request id → one commit (validated,
 * rendered, pushed; retried on lost races by the store) → the signed directives it owes,
 * recorded with the request, then queued for the relays → the result, kept for retries.
 * A crash at any point is finished by the retry: before the push it starts over; after the
 * push the commit is found by its request-id trailer and the directives rebuilt from git.
 */
export class FleetService {
  private readonly tree = new FleetTree();
  private lastSync = 0;

  constructor(
    private readonly deps: FleetDependencies,
    private readonly options: FleetServiceOptions,
  ) {}

  // ---- reads ----

  async getPop(name: string): Promise<Pop> {
    return requirePop(await this.state(), name);
  }

  async listPops(): Promise<Pop[]> {
    return byName((await this.state()).pops);
  }

  async getSpace(name: string): Promise<{ space: Space; pending: PendingOutboxDirective[] }> {
    const space = requireSpace(await this.state(), name);
    return { space, pending: await this.deps.queue.pendingFor(name) };
  }

  /** Directives issued to the Space that its agents have not acknowledged yet. */
  pendingFor(space: string): Promise<PendingOutboxDirective[]> {
    return this.deps.queue.pendingFor(space);
  }

  async listSpaces(): Promise<Space[]> {
    return byName((await this.state()).spaces);
  }

  /** The desired state, synced with the remote unless a sync is fresh (own writes are always seen). */
  async state(): Promise<DesiredState> {
    if (Date.now() - this.lastSync >= this.options.readStalenessMs) {
      await this.deps.store.sync();
      this.lastSync = Date.now();
    }
    return this.tree.stateOf(this.deps.store);
  }

  // ---- mutations ----

  createPop(context: ChangeContext, command: CreatePopCommand): Promise<ChangeOutcome> {
    return this.mutate(context, {
      operation: 'pop.create',
      request: command,
      kind: 'Pop',
      name: command.name,
      message: `Create PoP ${command.name} (${command.cloud} ${command.region})`,
      change: (state) => ({ kind: 'Pop', name: command.name, after: createdPop(state, command) }),
    });
  }

  deletePop(context: ChangeContext, name: string): Promise<ChangeOutcome> {
    return this.mutate(context, {
      operation: 'pop.delete',
      request: { name },
      kind: 'Pop',
      name,
      message: `Delete PoP ${name}`,
      change: (state) => ({ kind: 'Pop', name, before: deletedPop(state, name) }),
    });
  }

  createSpace(context: ChangeContext, command: CreateSpaceCommand): Promise<ChangeOutcome> {
    return this.mutate(context, {
      operation: 'space.create',
      request: command,
      kind: 'Space',
      name: command.name,
      message: `Create Space ${command.name} on ${command.pop} (${command.tier}, ${command.channel} channel)`,
      change: (state) => ({
        kind: 'Space',
        name: command.name,
        after: createdSpace(state, command),
      }),
    });
  }

  updateSpace(context: ChangeContext, command: UpdateSpaceCommand): Promise<ChangeOutcome> {
    const parts = [
      command.tier === undefined ? undefined : `tier ${command.tier}`,
      command.maintenanceWindow === undefined ? undefined : 'maintenance window',
      command.addOns === undefined ? undefined : 'add-ons',
    ].filter((part) => part !== undefined);
    const operation =
      command.tier !== undefined && parts.length === 1 ? 'space.scale' : 'space.update';
    return this.mutate(context, {
      operation,
      request: command,
      kind: 'Space',
      name: command.name,
      message: `Update Space ${command.name}: ${parts.join(', ')}`,
      change: (state) => ({
        kind: 'Space',
        name: command.name,
        before: requireSpace(state, command.name),
        after: updatedSpace(state, command),
      }),
    });
  }

  failoverSpace(context: ChangeContext, command: FailoverSpaceCommand): Promise<ChangeOutcome> {
    return this.mutate(context, {
      operation: 'space.failover',
      request: command,
      kind: 'Space',
      name: command.name,
      message: `Fail over Space ${command.name} to its other side`,
      change: (state) => ({
        kind: 'Space',
        name: command.name,
        before: requireSpace(state, command.name),
        after: failedOverSpace(state, command),
      }),
    });
  }

  deleteSpace(context: ChangeContext, name: string): Promise<ChangeOutcome> {
    return this.mutate(context, {
      operation: 'space.delete',
      request: { name },
      kind: 'Space',
      name,
      message: `Decommission Space ${name}`,
      change: (state) => ({ kind: 'Space', name, before: deletedSpace(state, name) }),
    });
  }

  private async mutate(context: ChangeContext, mutation: Mutation): Promise<ChangeOutcome> {
    const requestId = context.requestId || `generated-${randomUUID()}`;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([mutation.operation, mutation.request]))
      .digest('hex');
    const deadline = Date.now() + this.options.busyWaitMs;
    for (;;) {
      const claim = await this.deps.ledger.claim(requestId, fingerprint);
      if (claim.kind === 'done') return claim.outcome;
      if (claim.kind === 'committed') return this.finish(requestId, claim.token, claim.pending);
      if (claim.kind === 'new') {
        try {
          return await this.commitAndFinish(requestId, claim, context.actor, mutation);
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

  private async commitAndFinish(
    requestId: string,
    { token, resumed }: { token: string; resumed: boolean },
    actor: string,
    mutation: Mutation,
  ): Promise<ChangeOutcome> {
    const { commit, change, context } = await this.commitOrFind(
      requestId,
      actor,
      mutation,
      resumed,
    );
    const work = this.signedWork(commit, change, context);
    if (!(await this.deps.ledger.committed(requestId, token, work))) {
      throw new UnavailableError(
        `request ${JSON.stringify(requestId)} was taken over by another call; retry it`,
      );
    }
    return this.finish(requestId, token, work);
  }

  /**
   * The commit of the request: made now, or, when an earlier holder died mid-way (`resumed`),
   * found by its request-id trailer if that holder got as far as pushing it.
   */
  private async commitOrFind(
    requestId: string,
    actor: string,
    mutation: Mutation,
    resumed: boolean,
  ): Promise<{ commit: string; change: DocumentChange; context: DirectiveContext }> {
    let landed: string | undefined;
    if (resumed) {
      await this.deps.store.sync();
      this.lastSync = Date.now();
      landed = await this.deps.store.findCommitByRequestId(requestId);
    }
    if (landed !== undefined) {
      // Published releases never change, so today's state knows the ones that commit used.
      const context = await this.tree.stateOf(this.deps.store);
      return { commit: landed, change: await this.changeAt(landed, mutation), context };
    }
    let change: DocumentChange | undefined;
    let context: DirectiveContext | undefined;
    const result = await this.deps.store.commit({
      operation: mutation.operation,
      actor,
      requestId,
      message: mutation.message,
      apply: async (tree) => {
        const state = await this.tree.stateOf(tree);
        change = mutation.change(state);
        context = state;
        // A directive that cannot be signed must fail the call before the push, not after.
        this.signedWork(PLACEHOLDER_COMMIT, change, state);
        return this.tree.filesFor(tree, state, change);
      },
    });
    // `apply` ran at least once when commit returns, so the change is known.
    const made = change as unknown as DocumentChange;
    // Nothing changed (the tree already held it): the Spaces have nothing new to hear.
    const unchanged = { ...made, before: made.after } as DocumentChange;
    return {
      commit: result.commit,
      change: result.changed ? made : unchanged,
      context: context as unknown as DirectiveContext,
    };
  }

  /** Rebuilds what a landed commit changed from git: its document before and after. */
  private async changeAt(commit: string, mutation: Mutation): Promise<DocumentChange> {
    const path = documentPath(mutation.kind, mutation.name);
    const read = async (at: string) => {
      const text = await this.deps.store.readFileAt(at, path);
      return text === undefined ? undefined : (parse(text) as Space & Pop);
    };
    const [before, after] = await Promise.all([read(`${commit}^`), read(commit)]);
    return { kind: mutation.kind, name: mutation.name, before, after } as DocumentChange;
  }

  private signedWork(
    commit: string,
    change: DocumentChange,
    context: DirectiveContext,
  ): CommittedWork {
    const planned: PlannedDirective[] =
      change.kind === 'Space' ? spaceDirectives(change.before, change.after, context) : [];
    const issuedAt = this.deps.now();
    const directives = planned.map((plan) => this.sign(plan, commit, issuedAt));
    const outcome: ChangeOutcome = {
      commit,
      directiveIds: directives.map((directive) => directive.directiveId),
      ...(change.kind === 'Space'
        ? { space: change.after ?? change.before }
        : { pop: change.after ?? change.before }),
    };
    return { outcome, directives };
  }

  private sign(plan: PlannedDirective, commit: string, issuedAt: Date): RecordedDirective {
    const id = this.deps.newDirectiveId();
    const body: directiveV1alpha1.DirectiveBody = {
      id,
      space: plan.space,
      issuedAt: {
        seconds: String(Math.floor(issuedAt.getTime() / 1000)),
        nanos: (issuedAt.getTime() % 1000) * 1e6,
      },
      gitCommit: commit,
      emergency: plan.emergency,
      ...plan.action,
    };
    const signed = this.deps.signer.sign(body);
    return {
      directiveId: id,
      space: plan.space,
      pop: plan.pop,
      kind: plan.kind,
      emergency: plan.emergency,
      issuedAt: issuedAt.toISOString(),
      keyId: signed.keyId,
      payloadBase64: Buffer.from(signed.payload).toString('base64'),
      signatureBase64: Buffer.from(signed.signature).toString('base64'),
    };
  }

  /** Queues the recorded directives (the outbox ignores ids it holds) and records the result. */
  private async finish(
    requestId: string,
    token: string,
    work: CommittedWork,
  ): Promise<ChangeOutcome> {
    await this.deps.queue.enqueue(work.directives.map(toOutboxEntry));
    await this.deps.ledger.done(requestId, token, work.outcome);
    return work.outcome;
  }
}

/** Stands in for the commit id while the commit does not exist yet. */
const PLACEHOLDER_COMMIT = '0'.repeat(40);

function toOutboxEntry(directive: RecordedDirective): OutboxEntry {
  return {
    directiveId: directive.directiveId,
    space: directive.space,
    pop: directive.pop,
    kind: directive.kind as commonV1alpha1.DirectiveKind,
    emergency: directive.emergency,
    issuedAt: new Date(directive.issuedAt),
    signed: {
      payload: new Uint8Array(Buffer.from(directive.payloadBase64, 'base64')),
      signature: new Uint8Array(Buffer.from(directive.signatureBase64, 'base64')),
      keyId: directive.keyId,
    },
  };
}

function byName<T>(map: ReadonlyMap<string, T>): T[] {
  return [...map.keys()].sort().map((name) => map.get(name) as T);
}
