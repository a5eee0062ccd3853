import { Inject, Injectable } from '@nestjs/common';
import { UnavailableError } from '@platform/errors';
import { BOT_DETECTION_CONFIG, type BotDetectionConfig } from '../bot-detection.config';
import {
  isDefaultSettings,
  parseSpaceRuleSettings,
  type SpaceRuleSettings,
} from '../domain/space-rules';
import { LuaScript } from '../lua-script';
import { RedisConnections } from '../redis-connections';
import { RedisKeys } from '../redis-keys';
import { FEED_MAX_ENTRIES } from '../signatures/signature.store';
import { setSpaceRulesScript } from './space-rules-scripts';

/** Per-Space rule settings in the PoP's Redis; each change also goes on the PoP's feed. */
@Injectable()
export class SpaceRulesStore {
  private readonly keys: RedisKeys;
  private readonly setScript = new LuaScript(setSpaceRulesScript);

  constructor(
    private readonly redis: RedisConnections,
    @Inject(BOT_DETECTION_CONFIG) config: BotDetectionConfig,
  ) {
    this.keys = new RedisKeys(config.pop);
  }

  /** The Space's own settings, or undefined when it runs on the defaults. */
  async get(space: string): Promise<SpaceRuleSettings | undefined> {
    const stored = await this.guard(() => this.redis.commands.hget(this.keys.spaceRules, space));
    return stored === null ? undefined : parseSpaceRuleSettings(stored);
  }

  /** Every Space's own settings (for a replica's snapshot). */
  async all(): Promise<Map<string, SpaceRuleSettings>> {
    const stored = await this.guard(() => this.redis.commands.hgetall(this.keys.spaceRules));
    return new Map(
      Object.entries(stored).map(([space, text]) => [space, parseSpaceRuleSettings(text)]),
    );
  }

  /** Replaces the Space's settings; settings that are all defaults remove the Space's entry. */
  async set(space: string, settings: SpaceRuleSettings): Promise<void> {
    const text = isDefaultSettings(settings) ? '' : JSON.stringify(settings);
    await this.guard(() =>
      this.setScript.run(
        this.redis.commands,
        [this.keys.spaceRules, this.keys.feed],
        [space, FEED_MAX_ENTRIES, text],
      ),
    );
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new UnavailableError('the rule settings (Redis) are unreachable', { cause: error });
    }
  }
}
