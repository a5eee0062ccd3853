import { Inject, Injectable } from '@nestjs/common';
import { ResourceExhaustedError, UnavailableError } from '@platform/errors';
import { BOT_DETECTION_CONFIG, type BotDetectionConfig } from '../bot-detection.config';
import { MAX_ALLOWLIST_ENTRIES, type AllowlistRecord } from '../domain/allowlists';
import { LuaScript } from '../lua-script';
import { RedisConnections } from '../redis-connections';
import { RedisKeys } from '../redis-keys';
import { addAllowlistEntriesScript, removeAllowlistEntriesScript } from './allowlist-scripts';
import { FEED_MAX_ENTRIES } from './signature.store';

/** Per-Space allowlists in Redis; each change also goes on the PoP's feed. */
@Injectable()
export class AllowlistStore {
  private readonly keys: RedisKeys;
  private readonly addScript = new LuaScript(addAllowlistEntriesScript);
  private readonly removeScript = new LuaScript(removeAllowlistEntriesScript);

  constructor(
    private readonly redis: RedisConnections,
    @Inject(BOT_DETECTION_CONFIG) config: BotDetectionConfig,
  ) {
    this.keys = new RedisKeys(config.pop);
  }

  /** The Space's entries, ordered by range text. */
  async list(space: string): Promise<AllowlistRecord[]> {
    const stored = await this.guard(() => this.redis.commands.hgetall(this.keys.allowlist(space)));
    return Object.entries(stored)
      .map(([ipRange, value]) => parseStored(ipRange, value))
      .sort((a, b) => (a.ipRange < b.ipRange ? -1 : a.ipRange > b.ipRange ? 1 : 0));
  }

  /** Spaces that have an allowlist (for a replica's snapshot). */
  spaces(): Promise<string[]> {
    return this.guard(() => this.redis.commands.smembers(this.keys.allowlistSpaces));
  }

  /** Adds entries not yet present; nothing at all when the list would pass its limit. */
  async add(space: string, records: readonly AllowlistRecord[]): Promise<void> {
    const args: (string | number)[] = [space, MAX_ALLOWLIST_ENTRIES, FEED_MAX_ENTRIES];
    for (const record of records) {
      args.push(
        record.ipRange,
        JSON.stringify({ comment: record.comment, addedAtMs: record.addedAtMs }),
      );
    }
    const added = await this.guard(() =>
      this.addScript.run(this.redis.commands, this.scriptKeys(space), args),
    );
    if (added === -1) {
      throw new ResourceExhaustedError(
        `entries: the allowlist of Space ${space} would exceed ${MAX_ALLOWLIST_ENTRIES} entries; nothing was added`,
      );
    }
  }

  async remove(space: string, ipRanges: readonly string[]): Promise<void> {
    await this.guard(() =>
      this.removeScript.run(this.redis.commands, this.scriptKeys(space), [
        space,
        FEED_MAX_ENTRIES,
        ...ipRanges,
      ]),
    );
  }

  private scriptKeys(space: string): string[] {
    return [this.keys.allowlist(space), this.keys.allowlistSpaces, this.keys.feed];
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new UnavailableError('the allowlist database (Redis) is unreachable', { cause: error });
    }
  }
}

function parseStored(ipRange: string, value: string): AllowlistRecord {
  try {
    const parsed = JSON.parse(value) as { comment?: unknown; addedAtMs?: unknown };
    return {
      ipRange,
      comment: typeof parsed.comment === 'string' ? parsed.comment : '',
      addedAtMs: typeof parsed.addedAtMs === 'number' ? parsed.addedAtMs : 0,
    };
  } catch {
    return { ipRange, comment: '', addedAtMs: 0 };
  }
}
