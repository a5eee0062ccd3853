import { commonV1alpha1 as common } from '@platform/contracts';
import { UsageError } from '../usage-error';
import {
  channels,
  clouds,
  days,
  directiveKinds,
  failoverSides,
  tiers,
  type Vocabulary,
} from './fleet-vocabulary';

describe('fleet vocabulary', () => {
  it.each([
    ['clouds', clouds, ['aws', 'azure', 'gcp']],
    ['tiers', tiers, ['basic', 'performance', 'performance-plus']],
    ['channels', channels, ['dev', 'staging', 'prod']],
    ['days', days, ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']],
    ['failover sides', failoverSides, ['primary', 'secondary']],
    [
      'directive kinds',
      directiveKinds,
      [
        'accept-release',
        'scale',
        'set-failover-role',
        'set-maintenance-window',
        'freeze',
        'unfreeze',
        'decommission',
      ],
    ],
  ])('%s: every word maps to a proto value and back', (_, vocabulary, words) => {
    const typed = vocabulary as Vocabulary<string>;

    expect(typed.words).toEqual(words);
    for (const word of words) expect(typed.toWord(typed.toProto(word))).toBe(word);
  });

  it('maps the words operators type to the contract values', () => {
    expect(clouds.toProto('aws')).toBe(common.Cloud.CLOUD_AWS);
    expect(tiers.toProto('performance-plus')).toBe(common.Tier.TIER_PERFORMANCE_PLUS);
    expect(channels.toProto('prod')).toBe(common.Channel.CHANNEL_PROD);
    expect(days.toProto('sunday')).toBe(common.DayOfWeek.DAY_OF_WEEK_SUNDAY);
    expect(failoverSides.toProto('secondary')).toBe(common.FailoverSide.FAILOVER_SIDE_SECONDARY);
  });

  it('refuses an unknown word with a usage error listing the choices', () => {
    expect(() => tiers.toProto('gold')).toThrow(UsageError);
    expect(() => tiers.toProto('gold')).toThrow(
      'unknown tier "gold"; expected basic, performance, performance-plus',
    );
    expect(() => tiers.toProto('TIER_BASIC')).toThrow(UsageError);
  });

  it('prints the zero value as unspecified and a value newer than the CLI as unrecognized', () => {
    expect(tiers.toWord(common.Tier.TIER_UNSPECIFIED)).toBe('unspecified');
    expect(clouds.toWord(common.Cloud.UNRECOGNIZED)).toBe('unrecognized');
  });
});
