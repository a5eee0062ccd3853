import { Inject, Injectable } from '@nestjs/common';
import { UnavailableError } from '@platform/errors';
import { BOT_DETECTION_CONFIG, type BotDetectionConfig } from '../bot-detection.config';
import { decodeSignature, encodeSignature, type SignatureRecord } from '../domain/signature';
import { RedisConnections } from '../redis-connections';
import { RedisKeys } from '../redis-keys';
import { encodedSetFields, feedFields, parseFeedFields, type FeedChange } from './feed-entry';
import { STREAM_START } from './stream-id';

/** Feed entries kept (each up to 1000 signatures); a replica further behind reloads a snapshot. */
export const FEED_MAX_ENTRIES = 50_000;
const SNAPSHOT_SCAN_COUNT = 5_000;

export interface FeedEntry {
  id: string;
  change: FeedChange | undefined;
}

/** Where the feed stands: the newest id ever appended and the newest id trimmed away. */
export interface FeedState {
  lastId: string;
  maxDeletedId: string;
}

/**
 * The PoP's signature database in Redis: a hash (the snapshot) and a stream (the change feed),
 * always written together in one MULTI, so that every change is either in both or in neither and
 * a replica that loads the hash after noting the feed's position misses nothing.
 */
@Injectable()
export class SignatureStore {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: RedisConnections,
    @Inject(BOT_DETECTION_CONFIG) config: BotDetectionConfig,
  ) {
    this.keys = new RedisKeys(config.pop);
  }

  /** Stores signatures (replacing by id) and announces them on the feed. */
  async write(records: readonly SignatureRecord[]): Promise<void> {
    if (records.length === 0) return;
    const encoded = records.map(encodeSignature);
    const fields: string[] = [];
    for (let index = 0; index < records.length; index++) {
      fields.push(records[index].id, encoded[index]);
    }
    await this.exec((multi) =>
      multi
        .hset(this.keys.signatures, ...fields)
        .xadd(this.keys.feed, 'MAXLEN', '~', FEED_MAX_ENTRIES, '*', ...encodedSetFields(encoded)),
    );
  }

  /** Removes signatures by id; returns how many existed. */
  async remove(ids: readonly string[]): Promise<number> {
    const results = await this.exec((multi) =>
      multi
        .hdel(this.keys.signatures, ...ids)
        .xadd(
          this.keys.feed,
          'MAXLEN',
          '~',
          FEED_MAX_ENTRIES,
          '*',
          ...feedFields({ op: 'remove', ids: [...ids] }),
        ),
    );
    return Number(results[0]);
  }

  async feedState(): Promise<FeedState> {
    let info: unknown[];
    try {
      info = (await this.redis.commands.xinfo('STREAM', this.keys.feed)) as unknown[];
    } catch (error) {
      if (error instanceof Error && /no such key/i.test(error.message)) {
        return { lastId: STREAM_START, maxDeletedId: STREAM_START };
      }
      throw error;
    }
    const field = (name: string) => {
      const index = info.indexOf(name);
      return index === -1 ? STREAM_START : String(info[index + 1]);
    };
    return { lastId: field('last-generated-id'), maxDeletedId: field('max-deleted-entry-id') };
  }

  /** Every stored signature, in pages, for a replica's snapshot. */
  async forEachSignature(visit: (record: SignatureRecord) => void): Promise<void> {
    let cursor = '0';
    do {
      const [next, page] = await this.redis.commands.hscan(
        this.keys.signatures,
        cursor,
        'COUNT',
        SNAPSHOT_SCAN_COUNT,
      );
      for (let index = 1; index < page.length; index += 2) {
        const record = decodeSignature(page[index]);
        if (record) visit(record);
      }
      cursor = next;
    } while (cursor !== '0');
  }

  /** Feed entries after `position`, waiting up to `blockMs` for the first one. */
  async readFeed(position: string, blockMs: number, count: number): Promise<FeedEntry[]> {
    const reply = await this.redis.feed.xread(
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      this.keys.feed,
      position,
    );
    if (!reply) return [];
    return reply.flatMap(([, entries]) =>
      entries.map(([id, fields]) => ({ id, change: parseFeedFields(fields) })),
    );
  }

  private async exec(
    build: (
      multi: ReturnType<RedisConnections['commands']['multi']>,
    ) => ReturnType<RedisConnections['commands']['multi']>,
  ): Promise<unknown[]> {
    let results: [Error | null, unknown][] | null;
    try {
      results = await build(this.redis.commands.multi()).exec();
    } catch (error) {
      throw new UnavailableError('the signature database (Redis) is unreachable', { cause: error });
    }
    if (!results) throw new UnavailableError('the signature database (Redis) aborted the write');
    const failed = results.find(([error]) => error !== null);
    if (failed?.[0]) throw failed[0];
    return results.map(([, value]) => value);
  }
}
