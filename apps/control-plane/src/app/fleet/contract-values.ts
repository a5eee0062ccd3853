import { commonV1alpha1 } from '@platform/contracts';
import type {
  ChannelName,
  Cloud,
  DayOfWeek,
  FailoverSide,
  MaintenanceWindow,
  Tier,
} from '@platform/gitops';

const { Cloud: ProtoCloud, Tier: ProtoTier, Channel: ProtoChannel } = commonV1alpha1;
const { DayOfWeek: ProtoDay, FailoverSide: ProtoSide } = commonV1alpha1;

/**
 * Desired-state values ↔ proto enum values, one table per enum, so a value added on one side
 * without the other fails to compile (`Record` over the desired-state union).
 */
export const CLOUD_VALUES: Readonly<Record<Cloud, commonV1alpha1.Cloud>> = {
  aws: ProtoCloud.CLOUD_AWS,
  azure: ProtoCloud.CLOUD_AZURE,
  gcp: ProtoCloud.CLOUD_GCP,
};

export const TIER_VALUES: Readonly<Record<Tier, commonV1alpha1.Tier>> = {
  basic: ProtoTier.TIER_BASIC,
  performance: ProtoTier.TIER_PERFORMANCE,
  'performance-plus': ProtoTier.TIER_PERFORMANCE_PLUS,
};

export const CHANNEL_VALUES: Readonly<Record<ChannelName, commonV1alpha1.Channel>> = {
  dev: ProtoChannel.CHANNEL_DEV,
  staging: ProtoChannel.CHANNEL_STAGING,
  prod: ProtoChannel.CHANNEL_PROD,
};

export const DAY_VALUES: Readonly<Record<DayOfWeek, commonV1alpha1.DayOfWeek>> = {
  monday: ProtoDay.DAY_OF_WEEK_MONDAY,
  tuesday: ProtoDay.DAY_OF_WEEK_TUESDAY,
  wednesday: ProtoDay.DAY_OF_WEEK_WEDNESDAY,
  thursday: ProtoDay.DAY_OF_WEEK_THURSDAY,
  friday: ProtoDay.DAY_OF_WEEK_FRIDAY,
  saturday: ProtoDay.DAY_OF_WEEK_SATURDAY,
  sunday: ProtoDay.DAY_OF_WEEK_SUNDAY,
};

export const SIDE_VALUES: Readonly<Record<FailoverSide, commonV1alpha1.FailoverSide>> = {
  primary: ProtoSide.FAILOVER_SIDE_PRIMARY,
  secondary: ProtoSide.FAILOVER_SIDE_SECONDARY,
};

/** The desired-state value whose proto value is `value`, or undefined (UNSPECIFIED, UNRECOGNIZED). */
export function fromProto<K extends string, V>(
  table: Readonly<Record<K, V>>,
  value: V,
): K | undefined {
  return (Object.keys(table) as K[]).find((key) => table[key] === value);
}

export function windowToProto(window: MaintenanceWindow): commonV1alpha1.MaintenanceWindow {
  return {
    day: DAY_VALUES[window.day],
    start: window.start,
    timeZone: window.timeZone,
    durationMinutes: window.durationMinutes,
  };
}
