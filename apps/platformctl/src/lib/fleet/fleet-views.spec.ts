import { commonV1alpha1 as common } from '@platform/contracts';
import { changeView, isoTime, present, spaceView } from './fleet-views';

describe('fleet views', () => {
  it('turns a protobuf Timestamp (seconds as a string) into ISO 8601', () => {
    expect(isoTime({ seconds: '0', nanos: 0 })).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTime({ seconds: '1750000060', nanos: 500_999_999 })).toBe('2025-06-15T15:07:40.500Z');
  });

  it('shows a Space without a window or add-ons with no geo-failover and PCI off', () => {
    const view = spaceView({
      name: 'initech',
      pop: 'azure-eastus',
      tier: common.Tier.TIER_BASIC,
      channel: common.Channel.CHANNEL_DEV,
      release: '',
      pendingDirectives: [
        { id: 'd-1', kind: common.DirectiveKind.DIRECTIVE_KIND_FREEZE, emergency: true },
      ],
    });

    expect(view).toEqual({
      name: 'initech',
      pop: 'azure-eastus',
      tier: 'basic',
      channel: 'dev',
      release: '',
      addOns: { pci: false },
      pendingDirectives: [{ id: 'd-1', kind: 'freeze', emergency: true }],
    });
  });

  it('calls the git commit of a change `commit`', () => {
    expect(changeView({ gitCommit: 'abc', directiveIds: ['d-1'] })).toEqual({
      commit: 'abc',
      directiveIds: ['d-1'],
    });
  });

  it('names a field the server left out', () => {
    expect(() => present(undefined, 'change')).toThrow(
      'the control plane answered without `change`',
    );
  });
});
