import { Option } from 'commander';
import { commonV1alpha1 as common } from '@platform/contracts';
import { channels } from '../fleet/fleet-vocabulary';
import { UsageError } from '../usage-error';

export interface TargetOptions {
  channel?: string;
  space?: string;
  all?: boolean;
}

export function targetOptions(withAll: boolean): Option[] {
  const options = [
    new Option('--channel <channel>', 'a channel').choices(channels.words),
    new Option('--space <name>', 'one Space'),
  ];
  if (withAll) options.push(new Option('--all', 'the whole fleet'));
  return options;
}

/** The oneof target of a rollback, freeze or unfreeze: exactly one of the options. */
export function targetOf(options: TargetOptions): {
  channel?: common.Channel;
  space?: string;
  all?: boolean;
} {
  const given = [options.channel, options.space, options.all].filter(
    (value) => value !== undefined,
  );
  if (given.length !== 1) {
    throw new UsageError(
      `say what to act on: exactly one of --channel, --space${options.all === undefined ? '' : ', --all'}`,
    );
  }
  if (options.channel) return { channel: channels.toProto(options.channel) };
  if (options.space) return { space: options.space };
  return { all: true };
}
