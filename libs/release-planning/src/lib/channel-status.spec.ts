import { fleet, space } from '../testing/release-fixtures';
import { channelStatuses } from './channel-status';

describe(channelStatuses.name, () => {
  it('counts each channel’s Spaces as current, one behind or further behind, with its freeze', () => {
    const state = fleet({
      channels: { prod: 'r3' },
      channelFreezes: { prod: { reason: 'audit' } },
      spaces: [
        space('a', { release: 'r3' }),
        space('b', { release: 'r2' }),
        space('c', { release: 'r1' }),
        space('d', { channel: 'dev', release: 'r3' }),
      ],
    });

    const [dev, , prod] = channelStatuses(state, new Date('2026-11-23T00:00:00Z'));

    expect(prod).toEqual({
      channel: 'prod',
      release: 'r3',
      frozen: { reason: 'audit' },
      current: 1,
      oneBehind: 1,
      furtherBehind: 1,
    });
    expect(dev).toMatchObject({ channel: 'dev', current: 1, oneBehind: 0 });
  });
});
