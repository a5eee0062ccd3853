import { InvalidArgumentError } from '@platform/errors';
import { CHANNELS, type ChannelName } from '@platform/gitops';

/** What a rollback, freeze or unfreeze applies to. */
export type ReleaseTarget =
  { kind: 'channel'; channel: ChannelName } | { kind: 'space'; space: string } | { kind: 'fleet' };

const MAX_REASON = 500;

/**
 * A reason for the audit trail: required, at most 500 characters, one line (it goes into the
 * commit message, where a line break could forge a trailer).
 */
export function requireReason(field: string, reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === '')
    throw new InvalidArgumentError(field, 'is required: say why, for the audit trail');
  if (trimmed.length > MAX_REASON) {
    throw new InvalidArgumentError(
      field,
      `at most ${MAX_REASON} characters (got ${trimmed.length})`,
    );
  }
  if ([...trimmed].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
    throw new InvalidArgumentError(field, 'must be one line without control characters');
  }
  return trimmed;
}

export function requireChannel(field: string, channel: string): ChannelName {
  if (!(CHANNELS as readonly string[]).includes(channel)) {
    throw new InvalidArgumentError(
      field,
      `unknown channel ${JSON.stringify(channel)}: expected one of ${CHANNELS.join(', ')}`,
    );
  }
  return channel as ChannelName;
}

export function describeTarget(target: ReleaseTarget): string {
  if (target.kind === 'channel') return `channel ${target.channel}`;
  if (target.kind === 'space') return `Space ${target.space}`;
  return 'the whole fleet';
}
