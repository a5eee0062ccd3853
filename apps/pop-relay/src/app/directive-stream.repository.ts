import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { directiveV1alpha1 } from '@platform/contracts';
import { InternalError, PlatformError, UnavailableError } from '@platform/errors';
import { SERVICE_LOGGER, type Logger } from '@platform/platform-kit';
import type { Redis } from 'ioredis';
import { Subject, type Observable } from 'rxjs';
import { RedisConnections } from './redis-connections';
import { RELAY_CONFIG, type RelayConfig } from './relay.config';
import {
  acknowledgeScript,
  closeSessionScript,
  openSessionScript,
  publishScript,
  refreshSessionScript,
} from './relay-scripts';

type SignedDirective = directiveV1alpha1.SignedDirective;

/** A directive as it sits in a Space's stream. */
export interface StoredDirective {
  /** The stream entry id (`<ms>-<seq>`), the relay's delivery id. */
  deliveryId: string;
  /** The id the relay read from the payload at Publish (unsigned: see SubscribeResponse). */
  directiveId: string;
  directive: SignedDirective;
}

export type PublishOutcome =
  { kind: 'stored' | 'duplicate'; deliveryId: string } | { kind: 'full'; backlog: number };

/** `already`: the directive (or a newer one) was acknowledged before; nothing changed. */
export type AcknowledgeOutcome = 'acknowledged' | 'already' | 'unknown';

export interface AcknowledgementRecord {
  directiveId: string;
  /** Stored as given; the service only passes closed enum names. */
  outcome: string;
  rejectReason: string;
}

/** What Redis knows about one Space's delivery. */
export interface SpaceRecord {
  space: string;
  lastPublishedId: string;
  lastAcknowledgedId: string;
  lastOutcome: string;
  lastRejectReason: string;
  backlog: number;
  connected: boolean;
  lastSeen: Date | undefined;
}

/** What relay replicas of one PoP tell each other through Redis pub/sub. */
export type RelayNotification =
  | { kind: 'published'; space: string }
  | { kind: 'subscribed'; space: string; session: number }
  /** The notification connection came back: notifications may have been missed meanwhile. */
  | { kind: 'reconnected' };

/** The scripts of relay-scripts.ts, as ioredis's defineCommand adds them to the client. */
interface RelayScripts {
  relayPublish(...keysAndArgs: (string | Buffer | number)[]): Promise<[string, string]>;
  relayAcknowledge(...keysAndArgs: (string | number)[]): Promise<AcknowledgeOutcome>;
  relayOpenSession(...keysAndArgs: (string | number)[]): Promise<number>;
  relayRefreshSession(...keysAndArgs: (string | number)[]): Promise<number>;
  relayCloseSession(...keysAndArgs: (string | number)[]): Promise<number>;
}

/**
 * Every Redis access of the relay. Key layout, per PoP (so PoPs may share one Redis) and per
 * Space (the `{space}` hash tag keeps a Space's keys in one Cluster slot, so scripts may touch
 * them together):
 *
 * - `relay:<pop>:{<space>}:stream`  Redis Stream of unacknowledged directives, oldest first;
 *   fields `id`, `payload`, `signature`, `keyId`. The entry id is the delivery id.
 * - `relay:<pop>:{<space>}:ids`     hash directive id → entry id: the dedupe index. Holds the
 *   entries in the stream plus the last `backlogLimit` acknowledged ones.
 * - `relay:<pop>:{<space>}:acked`   list of acknowledged directive ids, oldest first, that bounds
 *   the index's memory of acknowledged ids.
 * - `relay:<pop>:{<space>}:state`   hash: last published id, last acknowledgement (id, entry,
 *   outcome, reason, time), last seen, session sequence.
 * - `relay:<pop>:{<space>}:session` lease (PX) holding the sequence number of the live
 *   subscription; present = connected.
 * - `relay:<pop>:spaces`            sorted set (all scores 0, so ordered by name) of the Spaces
 *   this PoP has seen, for paged delivery status.
 * - channel `relay:<pop>:notifications` `published <space>` / `subscribed <space> <seq>`.
 *
 * There are no consumer groups: the stream itself is the pending list (entries leave it only
 * when acknowledged), so there is no PEL to claim, trim or leak.
 */
@Injectable()
export class DirectiveStreamRepository implements OnModuleInit, OnModuleDestroy {
  private readonly redis: Redis;
  private readonly scripts: RelayScripts;
  private readonly prefix: string;
  private readonly channel: string;
  private readonly notificationSubject = new Subject<RelayNotification>();
  private notificationsConnectedOnce = false;

  constructor(
    private readonly connections: RedisConnections,
    @Inject(RELAY_CONFIG) config: RelayConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.redis = connections.commands;
    this.prefix = `relay:${config.pop}`;
    this.channel = `${this.prefix}:notifications`;
    this.redis.defineCommand('relayPublish', { numberOfKeys: 3, lua: publishScript });
    this.redis.defineCommand('relayAcknowledge', { numberOfKeys: 4, lua: acknowledgeScript });
    this.redis.defineCommand('relayOpenSession', { numberOfKeys: 2, lua: openSessionScript });
    this.redis.defineCommand('relayRefreshSession', { numberOfKeys: 1, lua: refreshSessionScript });
    this.redis.defineCommand('relayCloseSession', { numberOfKeys: 1, lua: closeSessionScript });
    this.scripts = this.redis as unknown as RelayScripts;
  }

  /** New directives and sessions announced by any relay replica of this PoP. */
  get notifications(): Observable<RelayNotification> {
    return this.notificationSubject.asObservable();
  }

  /** True while Redis answers; callers skip background work while it does not. */
  get available(): boolean {
    return this.connections.ready;
  }

  onModuleInit(): void {
    const subscriber = this.connections.notifications;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const notification = parseNotification(message);
      if (notification) this.notificationSubject.next(notification);
    });
    this.notificationsConnectedOnce = subscriber.status === 'ready';
    subscriber.on('ready', () => {
      if (this.notificationsConnectedOnce) this.notificationSubject.next({ kind: 'reconnected' });
      this.notificationsConnectedOnce = true;
    });
    subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.logger.error({ err: error }, 'cannot subscribe to relay notifications');
    });
    if (this.redis.status === 'ready') void this.warnWithoutAppendOnlyFile();
    else this.redis.once('ready', () => void this.warnWithoutAppendOnlyFile());
  }

  onModuleDestroy(): void {
    this.notificationSubject.complete();
  }

  /**
   * Appends a directive to its Space's stream unless its id is known (duplicate) or the backlog
   * is full; one atomic script, so concurrent publishers cannot exceed the limit or double-store.
   */
  async publish(
    space: string,
    directiveId: string,
    directive: SignedDirective,
    backlogLimit: number,
    now: Date,
  ): Promise<PublishOutcome> {
    const keys = this.keys(space);
    const [, [kind, value]] = await this.call(() =>
      Promise.all([
        this.redis.zadd(`${this.prefix}:spaces`, 0, space),
        this.scripts.relayPublish(
          keys.stream,
          keys.ids,
          keys.state,
          directiveId,
          Buffer.from(directive.payload),
          Buffer.from(directive.signature),
          directive.keyId,
          backlogLimit,
          now.getTime(),
          this.channel,
          space,
        ),
      ]),
    );
    if (kind === 'full') return { kind, backlog: Number(value) };
    if (kind === 'stored' || kind === 'duplicate') return { kind, deliveryId: value };
    throw new InternalError(`publish script answered ${JSON.stringify(kind)}`);
  }

  /** Up to `count` directives after entry `after` (from the oldest when undefined), in order. */
  async readAfter(
    space: string,
    after: string | undefined,
    count: number,
  ): Promise<StoredDirective[]> {
    const start = after === undefined ? '-' : `(${after}`;
    const entries = await this.call(() =>
      this.redis.xrangeBuffer(this.keys(space).stream, start, '+', 'COUNT', count),
    );
    return entries.map(([id, fields]) => toStoredDirective(id, fields));
  }

  /** The delivery id of a directive the index still knows, pending or recently acknowledged. */
  async deliveryIdOf(space: string, directiveId: string): Promise<string | undefined> {
    const entry = await this.call(() => this.redis.hget(this.keys(space).ids, directiveId));
    return entry ?? undefined;
  }

  /**
   * Records an acknowledgement and removes the directive and everything before it from the
   * stream. `retention` bounds how many acknowledged ids the dedupe index remembers.
   */
  async acknowledge(
    space: string,
    record: AcknowledgementRecord,
    retention: number,
    now: Date,
  ): Promise<AcknowledgeOutcome> {
    const keys = this.keys(space);
    return this.call(() =>
      this.scripts.relayAcknowledge(
        keys.stream,
        keys.ids,
        keys.state,
        keys.acked,
        record.directiveId,
        record.outcome,
        record.rejectReason,
        now.getTime(),
        retention,
      ),
    );
  }

  /** Starts a subscription session; returns its sequence number (higher = newer). */
  async openSession(space: string, leaseMs: number, now: Date): Promise<number> {
    const keys = this.keys(space);
    const [, session] = await this.call(() =>
      Promise.all([
        this.redis.zadd(`${this.prefix}:spaces`, 0, space),
        this.scripts.relayOpenSession(
          keys.state,
          keys.session,
          now.getTime(),
          leaseMs,
          this.channel,
          space,
        ),
      ]),
    );
    return Number(session);
  }

  /** Extends the leases of sessions that still hold them, in one round trip. */
  async refreshSessions(
    sessions: readonly { space: string; session: number }[],
    leaseMs: number,
  ): Promise<void> {
    if (sessions.length === 0) return;
    await this.call(() =>
      Promise.all(
        sessions.map(({ space, session }) =>
          this.scripts.relayRefreshSession(this.keys(space).session, session, leaseMs),
        ),
      ),
    );
  }

  async closeSession(space: string, session: number): Promise<void> {
    await this.call(() => this.scripts.relayCloseSession(this.keys(space).session, session));
  }

  async hasSpace(space: string): Promise<boolean> {
    const score = await this.call(() => this.redis.zscore(`${this.prefix}:spaces`, space));
    return score !== null;
  }

  /** Up to `limit` Space names after `after` (exclusive), in name order. */
  async listSpaces(after: string | undefined, limit: number): Promise<string[]> {
    const start = after === undefined ? '-' : `(${after}`;
    return this.call(() =>
      this.redis.zrangebylex(`${this.prefix}:spaces`, start, '+', 'LIMIT', 0, limit),
    );
  }

  /** Delivery records of several Spaces, in one round trip. */
  async records(spaces: readonly string[]): Promise<SpaceRecord[]> {
    return this.call(() =>
      Promise.all(
        spaces.map(async (space) => {
          const keys = this.keys(space);
          const [backlog, state, connected] = await Promise.all([
            this.redis.xlen(keys.stream),
            this.redis.hgetall(keys.state),
            this.redis.exists(keys.session),
          ]);
          return toSpaceRecord(space, backlog, state, connected > 0);
        }),
      ),
    );
  }

  private keys(space: string) {
    const base = `${this.prefix}:{${space}}`;
    return {
      stream: `${base}:stream`,
      ids: `${base}:ids`,
      acked: `${base}:acked`,
      state: `${base}:state`,
      session: `${base}:session`,
    };
  }

  /** Runs Redis commands; a Redis that cannot be reached becomes UNAVAILABLE, not INTERNAL. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw storeError(error);
    }
  }

  /** Directives survive a Redis restart only with the append-only file on; say so loudly. */
  private async warnWithoutAppendOnlyFile(): Promise<void> {
    try {
      const [, appendOnly] = (await this.redis.config('GET', 'appendonly')) as string[];
      if (appendOnly === 'no') {
        this.logger.warn(
          'redis runs without appendonly: directives still in a backlog are lost when redis restarts',
        );
      }
    } catch (error) {
      // Managed Redis services often disable CONFIG; the check is advice, not a requirement.
      this.logger.debug({ err: error }, 'cannot read the redis persistence settings');
    }
  }
}

/** Redis reply errors that mean "not now" rather than "wrong". */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN)\b/;

function storeError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const isReply = error instanceof Error && error.name === 'ReplyError';
  if (isReply && !TRANSIENT_REPLY.test(reason)) {
    return new InternalError(`redis refused a relay command: ${reason}`, { cause: error });
  }
  const detail =
    error instanceof Error && error.name === 'MaxRetriesPerRequestError'
      ? 'cannot connect'
      : reason;
  return new UnavailableError(
    `the relay's directive store (redis) is unavailable: ${detail}; retry later`,
    { cause: error },
  );
}

function parseNotification(message: string): RelayNotification | undefined {
  const [kind, space, session] = message.split(' ');
  if (kind === 'published' && space) return { kind, space };
  if (kind === 'subscribed' && space && session) return { kind, space, session: Number(session) };
  return undefined;
}

function toStoredDirective(id: Buffer, fields: Buffer[]): StoredDirective {
  const values = new Map<string, Buffer>();
  for (let index = 0; index + 1 < fields.length; index += 2) {
    values.set(fields[index].toString(), fields[index + 1]);
  }
  return {
    deliveryId: id.toString(),
    directiveId: values.get('id')?.toString() ?? '',
    directive: {
      payload: values.get('payload') ?? Buffer.alloc(0),
      signature: values.get('signature') ?? Buffer.alloc(0),
      keyId: values.get('keyId')?.toString() ?? '',
    },
  };
}

function toSpaceRecord(
  space: string,
  backlog: number,
  state: Record<string, string>,
  connected: boolean,
): SpaceRecord {
  const lastSeenMs = state['lastSeenMs'];
  return {
    space,
    lastPublishedId: state['lastPublishedId'] ?? '',
    lastAcknowledgedId: state['lastAckedId'] ?? '',
    lastOutcome: state['lastOutcome'] ?? '',
    lastRejectReason: state['lastRejectReason'] ?? '',
    backlog,
    connected,
    lastSeen: lastSeenMs === undefined ? undefined : new Date(Number(lastSeenMs)),
  };
}
