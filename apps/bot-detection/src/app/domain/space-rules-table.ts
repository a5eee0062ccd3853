import type { RatePolicy } from '../rules/rate-policy';
import {
  isDefaultSettings,
  resolveRules,
  type EffectiveRules,
  type SpaceRuleSettings,
} from './space-rules';

/**
 * Every Space's rules in memory, resolved once when they change, so Check finds them with one
 * map lookup and no allocation. A Space without settings of its own shares the default.
 */
export class SpaceRulesTable {
  readonly defaults: EffectiveRules;
  private readonly bySpace = new Map<
    string,
    { settings: SpaceRuleSettings; rules: EffectiveRules }
  >();

  constructor(private readonly policy: RatePolicy) {
    this.defaults = resolveRules(undefined, policy);
  }

  /** Replaces a Space's settings with what the store holds now (undefined: none). */
  replace(space: string, settings: SpaceRuleSettings | undefined): void {
    if (!settings || isDefaultSettings(settings)) {
      this.bySpace.delete(space);
      return;
    }
    this.bySpace.set(space, { settings, rules: resolveRules(settings, this.policy) });
  }

  rulesOf(space: string): EffectiveRules {
    return this.bySpace.get(space)?.rules ?? this.defaults;
  }

  /** Whether the Space has settings of its own in this replica's view. */
  customized(space: string): boolean {
    return this.bySpace.has(space);
  }
}
