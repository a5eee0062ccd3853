import { commonV1alpha1 } from '@platform/contracts';
import { InternalError, PlatformError, UnavailableError } from '@platform/errors';
import type { Logger } from '@platform/platform-kit';
import { Redis, type RedisOptions } from 'ioredis';
import { OutboxKeys } from './outbox-keys';
import type {
  OutboxEntry,
  OutboxState,
  PendingOutboxDirective,
  StoredOutboxEntry,
} from './outbox-entry';
import {
  ADD_KEYS_PER_ENTRY,
  addScript,
  MARK_KEYS_PER_ENTRY,
  markAllAtRelayScript,
  markAtRelayScript,
  recordFailureScript,
  removeAcknowledgedScript,
} from './outbox-scripts';
import type { OutboxStore, PublishFailure } from './outbox.store';

export interface RedisOutboxStoreOptions {
  /** Prefix of every key; default `cp:outbox:`. */
  keyPrefix?: string;
  /** How long an acknowledged id is remembered, so enqueueing it again does nothing; 7 days. */
  deliveredMemoryMs?: number;
}

/** The scripts of outbox-scripts.ts, as ioredis's defineCommand adds them to the client. */
interface OutboxScripts {
  outboxAdd(...keysAndArgs: string[]): Promise<number>;
  outboxMarkAtRelay(...keysAndArgs: string[]): Promise<number>;
  outboxMarkAllAtRelay(...keysAndArgs: string[]): Promise<number[]>;
  outboxRecordFailure(...keysAndArgs: string[]): Promise<number>;
  outboxRemoveAcknowledged(...keysAndArgs: string[]): Promise<number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A Redis connection for the outbox: a command fails after one reconnect attempt (about a
 * second) instead of waiting in ioredis's queue, so a commit is not held up by a Redis outage.
 * Run Redis with `appendonly yes`: the outbox is the only copy of a directive not yet at its relay.
 */
export function createOutboxRedis(url: string, logger: Logger): Redis {
  const options: RedisOptions = {
    connectionName: 'control-plane:outbox',
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 1_000),
    connectTimeout: 2_000,
    commandTimeout: 5_000,
  };
  const redis = new Redis(url, options);
  let unreachable = false;
  redis.on('error', (error: Error) => {
    if (unreachable) return;
    unreachable = true;
    logger.warn({ err: error }, 'outbox redis unreachable: directives cannot be enqueued');
  });
  redis.on('ready', () => {
    if (!unreachable) return;
    unreachable = false;
    logger.info('outbox redis reachable again');
  });
  return redis;
}

/** {@link OutboxStore} in Redis; the key layout is in this folder's README.md. */
export class RedisOutboxStore implements OutboxStore {
  private readonly keys: OutboxKeys;
  private readonly deliveredMemoryMs: number;
  private readonly redis: Redis & OutboxScripts;

  constructor(redis: Redis, options: RedisOutboxStoreOptions = {}) {
    this.keys = new OutboxKeys(options.keyPrefix ?? 'cp:outbox:');
    this.deliveredMemoryMs = options.deliveredMemoryMs ?? 7 * DAY_MS;
    redis.defineCommand('outboxAdd', { lua: addScript });
    redis.defineCommand('outboxMarkAtRelay', { lua: markAtRelayScript, numberOfKeys: 5 });
    redis.defineCommand('outboxMarkAllAtRelay', { lua: markAllAtRelayScript });
    redis.defineCommand('outboxRecordFailure', { lua: recordFailureScript, numberOfKeys: 1 });
    redis.defineCommand('outboxRemoveAcknowledged', { lua: removeAcknowledgedScript });
    this.redis = redis as Redis & OutboxScripts;
  }

  add(entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const keys = [this.keys.sequence, this.keys.pops];
    const args: string[] = [];
    for (const entry of entries) {
      keys.push(
        this.keys.entry(entry.pop, entry.directiveId),
        this.keys.delivered(entry.pop, entry.directiveId),
        this.keys.queue(entry.pop, entry.space),
        this.keys.spacesWithQueued(entry.pop),
        this.keys.pending(entry.space),
      );
      args.push(
        entry.directiveId,
        entry.pop,
        entry.space,
        entry.kind,
        entry.emergency ? '1' : '0',
        String(entry.issuedAt.getTime()),
        Buffer.from(entry.signed.payload).toString('base64'),
        Buffer.from(entry.signed.signature).toString('base64'),
        entry.signed.keyId,
      );
    }
    if (keys.length !== 2 + entries.length * ADD_KEYS_PER_ENTRY) {
      throw new InternalError('outbox add: keys and entries disagree');
    }
    return this.run('enqueue directives', async () => {
      await this.redis.outboxAdd(String(keys.length), ...keys, ...args);
    });
  }

  pops(): Promise<string[]> {
    return this.run('list PoPs', () => this.redis.smembers(this.keys.pops));
  }

  spacesWithQueued(pop: string): Promise<string[]> {
    return this.run('list queued Spaces', () =>
      this.redis.smembers(this.keys.spacesWithQueued(pop)),
    );
  }

  head(pop: string, space: string): Promise<StoredOutboxEntry | undefined> {
    return this.run('read queue head', async () => {
      const id = await this.redis.lindex(this.keys.queue(pop, space), 0);
      if (id === null) return undefined;
      const fields = await this.redis.hgetall(this.keys.entry(pop, id));
      return fields['state'] === undefined ? undefined : storedEntry(id, fields);
    });
  }

  heads(pop: string, spaces: readonly string[]): Promise<(StoredOutboxEntry | undefined)[]> {
    if (spaces.length === 0) return Promise.resolve([]);
    return this.run('read queue heads', async () => {
      const ids = await this.pipelined<string | null>(
        spaces.map((space) => ['lindex', this.keys.queue(pop, space), '0']),
      );
      const found = ids.flatMap((id) => (id === null ? [] : [id]));
      const records = await this.pipelined<Record<string, string>>(
        found.map((id) => ['hgetall', this.keys.entry(pop, id)]),
      );
      const byId = new Map(found.map((id, index) => [id, records[index]]));
      return ids.map((id) => {
        const fields = id === null ? undefined : byId.get(id);
        return fields?.['state'] === undefined ? undefined : storedEntry(id as string, fields);
      });
    });
  }

  markAtRelay(pop: string, space: string, directiveId: string): Promise<boolean> {
    return this.run('mark directive at relay', async () => {
      const moved = await this.redis.outboxMarkAtRelay(
        this.keys.entry(pop, directiveId),
        this.keys.queue(pop, space),
        this.keys.atRelay(pop, space),
        this.keys.spacesWithQueued(pop),
        this.keys.spacesAtRelay(pop),
        directiveId,
        space,
      );
      return moved === 1;
    });
  }

  markAllAtRelay(
    pop: string,
    directives: readonly { space: string; directiveId: string }[],
  ): Promise<boolean[]> {
    if (directives.length === 0) return Promise.resolve([]);
    const keys = [this.keys.spacesWithQueued(pop), this.keys.spacesAtRelay(pop)];
    const args: string[] = [];
    for (const { space, directiveId } of directives) {
      keys.push(
        this.keys.entry(pop, directiveId),
        this.keys.queue(pop, space),
        this.keys.atRelay(pop, space),
      );
      args.push(directiveId, space);
    }
    if (keys.length !== 2 + directives.length * MARK_KEYS_PER_ENTRY) {
      throw new InternalError('outbox mark at relay: keys and entries disagree');
    }
    return this.run('mark directives at relay', async () => {
      const moved = await this.redis.outboxMarkAllAtRelay(String(keys.length), ...keys, ...args);
      return moved.map((one) => one === 1);
    });
  }

  recordFailure(pop: string, directiveId: string, failure: PublishFailure): Promise<void> {
    return this.run('record publish failure', async () => {
      await this.redis.outboxRecordFailure(
        this.keys.entry(pop, directiveId),
        failure.state,
        failure.error,
      );
    });
  }

  spacesAwaitingAcknowledgement(pop: string): Promise<string[]> {
    return this.run('list at-relay Spaces', () =>
      this.redis.smembers(this.keys.spacesAtRelay(pop)),
    );
  }

  atRelay(pop: string, space: string): Promise<string[]> {
    return this.run('read at-relay list', () =>
      this.redis.lrange(this.keys.atRelay(pop, space), 0, -1),
    );
  }

  removeAcknowledged(pop: string, space: string, directiveIds: string[]): Promise<number> {
    if (directiveIds.length === 0) return Promise.resolve(0);
    const keys = [
      this.keys.atRelay(pop, space),
      this.keys.spacesAtRelay(pop),
      this.keys.pending(space),
      ...directiveIds.flatMap((id) => [this.keys.entry(pop, id), this.keys.delivered(pop, id)]),
    ];
    return this.run('remove acknowledged directives', () =>
      this.redis.outboxRemoveAcknowledged(
        String(keys.length),
        ...keys,
        space,
        pop,
        String(this.deliveredMemoryMs),
        ...directiveIds,
      ),
    );
  }

  pendingFor(space: string): Promise<PendingOutboxDirective[]> {
    return this.run('read pending directives', async () => {
      const members = await this.redis.zrange(this.keys.pending(space), '0', '-1');
      if (members.length === 0) return [];
      const pipeline = this.redis.pipeline();
      const ids = members.map((member) => {
        const separator = member.indexOf(':');
        const [pop, id] = [member.slice(0, separator), member.slice(separator + 1)];
        pipeline.hgetall(this.keys.entry(pop, id));
        return id;
      });
      const replies = (await pipeline.exec()) ?? [];
      const pending: PendingOutboxDirective[] = [];
      ids.forEach((id, index) => {
        const [error, fields] = replies[index] ?? [null, {}];
        if (error) throw error;
        const record = fields as Record<string, string>;
        // Acknowledged between the two reads: not pending any more.
        if (record['state'] === undefined) return;
        const { directiveId, pop, kind, emergency, issuedAt, state, attempts, lastError } =
          storedEntry(id, record);
        pending.push({
          directiveId,
          pop,
          kind,
          emergency,
          issuedAt,
          state,
          attempts,
          ...(lastError === undefined ? {} : { lastError }),
        });
      });
      return pending;
    });
  }

  /** Runs the commands in one round trip; their replies in order, the first error thrown. */
  private async pipelined<T>(commands: string[][]): Promise<T[]> {
    if (commands.length === 0) return [];
    const replies = (await this.redis.pipeline(commands).exec()) ?? [];
    return replies.map(([error, reply]) => {
      if (error) throw error;
      return reply as T;
    });
  }

  /** Every Redis failure reaches callers as UnavailableError: the outbox may work again later. */
  private async run<T>(operation: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof PlatformError) throw error;
      throw new UnavailableError(`outbox redis: cannot ${operation}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }
}

function storedEntry(directiveId: string, fields: Record<string, string>): StoredOutboxEntry {
  const lastError = fields['lastError'];
  return {
    directiveId,
    pop: fields['pop'] ?? '',
    space: fields['space'] ?? '',
    kind: commonV1alpha1.directiveKindFromJSON(fields['kind']),
    emergency: fields['emergency'] === '1',
    issuedAt: new Date(Number(fields['issuedAtMs'])),
    signed: {
      payload: new Uint8Array(Buffer.from(fields['payload'] ?? '', 'base64')),
      signature: new Uint8Array(Buffer.from(fields['signature'] ?? '', 'base64')),
      keyId: fields['keyId'] ?? '',
    },
    state: outboxState(fields['state']),
    attempts: Number(fields['attempts'] ?? 0),
    ...(lastError === undefined ? {} : { lastError }),
  };
}

function outboxState(value: string | undefined): OutboxState {
  if (value === 'queued' || value === 'at-relay' || value === 'refused') return value;
  throw new InternalError(`outbox entry has state ${JSON.stringify(value)}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
