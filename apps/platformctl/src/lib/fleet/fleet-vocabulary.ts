import { commonV1alpha1 as common } from '@platform/contracts';
import { UsageError } from '../usage-error';

/**
 * The words operators type and read (`aws`, `performance-plus`, `sunday`) for the contract's enum
 * values (`CLOUD_AWS`, …). This file is the only place that knows both.
 */
export interface Vocabulary<Value extends string> {
  /** What a value is, for messages: `tier`. */
  readonly noun: string;
  /** Every word, in the contract's order (for --help and option choices). */
  readonly words: readonly string[];
  toProto(word: string): Value;
  /** `unspecified` for the zero value, `unrecognized` for a value newer than this CLI. */
  toWord(value: Value): string;
}

type Known<Value extends string> = Exclude<Value, `${string}_UNSPECIFIED` | 'UNRECOGNIZED'>;

// Keyed by every known enum value, so a value added to the contract fails to compile here.
function vocabulary<Value extends string>(
  noun: string,
  wordOf: Record<Known<Value>, string>,
): Vocabulary<Value> {
  const entries = Object.entries(wordOf) as [Known<Value>, string][];
  const valueOf = new Map(entries.map(([value, word]) => [word, value]));
  const words = entries.map(([, word]) => word);
  return {
    noun,
    words,
    toProto(word) {
      const value = valueOf.get(word);
      if (!value) throw new UsageError(`unknown ${noun} "${word}"; expected ${words.join(', ')}`);
      return value;
    },
    toWord(value) {
      if (value in wordOf) return wordOf[value as Known<Value>];
      return value.endsWith('_UNSPECIFIED') ? 'unspecified' : 'unrecognized';
    },
  };
}

export const clouds = vocabulary<common.Cloud>('cloud', {
  [common.Cloud.CLOUD_AWS]: 'aws',
  [common.Cloud.CLOUD_AZURE]: 'azure',
  [common.Cloud.CLOUD_GCP]: 'gcp',
});

export const tiers = vocabulary<common.Tier>('tier', {
  [common.Tier.TIER_BASIC]: 'basic',
  [common.Tier.TIER_PERFORMANCE]: 'performance',
  [common.Tier.TIER_PERFORMANCE_PLUS]: 'performance-plus',
});

export const channels = vocabulary<common.Channel>('channel', {
  [common.Channel.CHANNEL_DEV]: 'dev',
  [common.Channel.CHANNEL_STAGING]: 'staging',
  [common.Channel.CHANNEL_PROD]: 'prod',
});

export const days = vocabulary<common.DayOfWeek>('day', {
  [common.DayOfWeek.DAY_OF_WEEK_MONDAY]: 'monday',
  [common.DayOfWeek.DAY_OF_WEEK_TUESDAY]: 'tuesday',
  [common.DayOfWeek.DAY_OF_WEEK_WEDNESDAY]: 'wednesday',
  [common.DayOfWeek.DAY_OF_WEEK_THURSDAY]: 'thursday',
  [common.DayOfWeek.DAY_OF_WEEK_FRIDAY]: 'friday',
  [common.DayOfWeek.DAY_OF_WEEK_SATURDAY]: 'saturday',
  [common.DayOfWeek.DAY_OF_WEEK_SUNDAY]: 'sunday',
});

export const failoverSides = vocabulary<common.FailoverSide>('failover side', {
  [common.FailoverSide.FAILOVER_SIDE_PRIMARY]: 'primary',
  [common.FailoverSide.FAILOVER_SIDE_SECONDARY]: 'secondary',
});

export const directiveKinds = vocabulary<common.DirectiveKind>('directive kind', {
  [common.DirectiveKind.DIRECTIVE_KIND_ACCEPT_RELEASE]: 'accept-release',
  [common.DirectiveKind.DIRECTIVE_KIND_SCALE]: 'scale',
  [common.DirectiveKind.DIRECTIVE_KIND_SET_FAILOVER_ROLE]: 'set-failover-role',
  [common.DirectiveKind.DIRECTIVE_KIND_SET_MAINTENANCE_WINDOW]: 'set-maintenance-window',
  [common.DirectiveKind.DIRECTIVE_KIND_FREEZE]: 'freeze',
  [common.DirectiveKind.DIRECTIVE_KIND_UNFREEZE]: 'unfreeze',
  [common.DirectiveKind.DIRECTIVE_KIND_DECOMMISSION]: 'decommission',
});
