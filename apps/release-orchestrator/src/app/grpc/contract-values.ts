import { commonV1alpha1, releaseV1alpha1 } from '@platform/contracts';
import type { ChannelName, MigrationPhase } from '@platform/gitops';
import type { ChannelTrainMove, TrainBlocker } from '@platform/release-planning';

const { Channel } = commonV1alpha1;
const { MigrationPhase: ProtoPhase, TrainOutcome, TrainBlockReason } = releaseV1alpha1;

/** Desired-state values ↔ proto enum values, one table per enum. */

export const CHANNEL_VALUES: Readonly<Record<ChannelName, commonV1alpha1.Channel>> = {
  dev: Channel.CHANNEL_DEV,
  staging: Channel.CHANNEL_STAGING,
  prod: Channel.CHANNEL_PROD,
};

export const PHASE_VALUES: Readonly<Record<MigrationPhase, releaseV1alpha1.MigrationPhase>> = {
  expand: ProtoPhase.MIGRATION_PHASE_EXPAND,
  migrate: ProtoPhase.MIGRATION_PHASE_MIGRATE,
  contract: ProtoPhase.MIGRATION_PHASE_CONTRACT,
};

export const OUTCOME_VALUES: Readonly<
  Record<ChannelTrainMove['outcome'], releaseV1alpha1.TrainOutcome>
> = {
  moved: TrainOutcome.TRAIN_OUTCOME_MOVED,
  blocked: TrainOutcome.TRAIN_OUTCOME_BLOCKED,
  unchanged: TrainOutcome.TRAIN_OUTCOME_UNCHANGED,
};

/**
 * The contract has no value for the contract gate yet; it goes out as UNSPECIFIED with the
 * reason spelled out in `detail` (see the README).
 */
export const BLOCKER_VALUES: Readonly<Record<TrainBlocker, releaseV1alpha1.TrainBlockReason>> = {
  'fleet-frozen': TrainBlockReason.TRAIN_BLOCK_REASON_FLEET_FROZEN,
  'channel-frozen': TrainBlockReason.TRAIN_BLOCK_REASON_CHANNEL_FROZEN,
  'release-blocked': TrainBlockReason.TRAIN_BLOCK_REASON_RELEASE_BLOCKED,
  'no-newer-release': TrainBlockReason.TRAIN_BLOCK_REASON_NO_NEWER_RELEASE,
  'not-one-step': TrainBlockReason.TRAIN_BLOCK_REASON_NOT_ONE_STEP,
  'contract-gate': TrainBlockReason.TRAIN_BLOCK_REASON_UNSPECIFIED,
};

/** The desired-state value whose proto value is `value`, or undefined (UNSPECIFIED, UNRECOGNIZED). */
export function fromProto<K extends string, V>(
  table: Readonly<Record<K, V>>,
  value: V,
): K | undefined {
  return (Object.keys(table) as K[]).find((key) => table[key] === value);
}
