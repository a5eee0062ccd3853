import { commonV1alpha1 as common, type controlPlaneV1alpha1 as api } from '@platform/contracts';
import { UsageError } from '../usage-error';
import {
  addOnsForCreate,
  updateNeedsCurrentSpace,
  updateSpaceRequest,
  windowFromFlags,
} from './space-flags';

const current: api.Space = {
  name: 'acme',
  pop: 'aws-us-east-1',
  tier: common.Tier.TIER_PERFORMANCE,
  channel: common.Channel.CHANNEL_PROD,
  release: '2025.06.1',
  maintenanceWindow: {
    day: common.DayOfWeek.DAY_OF_WEEK_SUNDAY,
    start: '02:00',
    timeZone: 'Europe/Berlin',
    durationMinutes: 240,
  },
  addOns: {
    pci: true,
    geoFailover: {
      secondaryPop: 'gcp-europe-west1',
      active: common.FailoverSide.FAILOVER_SIDE_SECONDARY,
    },
  },
  pendingDirectives: [],
};

describe('space flags', () => {
  describe(windowFromFlags.name, () => {
    it('is unset when no window option is given', () => {
      expect(windowFromFlags({})).toBeUndefined();
    });

    it('builds the whole window from all four options', () => {
      expect(
        windowFromFlags({
          windowDay: 'friday',
          windowStart: '23:30',
          timeZone: 'UTC',
          windowMinutes: 90,
        }),
      ).toEqual({
        day: common.DayOfWeek.DAY_OF_WEEK_FRIDAY,
        start: '23:30',
        timeZone: 'UTC',
        durationMinutes: 90,
      });
    });

    it('keeps what the options leave out from the current window', () => {
      expect(windowFromFlags({ windowMinutes: 60 }, current.maintenanceWindow)).toEqual({
        ...current.maintenanceWindow,
        durationMinutes: 60,
      });
    });

    it('names the missing option when there is no current window', () => {
      expect(() => windowFromFlags({ windowDay: 'monday', windowStart: '01:00' })).toThrow(
        new UsageError('--time-zone is required with the other window options'),
      );
    });
  });

  describe(addOnsForCreate.name, () => {
    it('is unset for a Space without add-ons', () => {
      expect(addOnsForCreate({})).toBeUndefined();
    });

    it('starts a geo-failover pair without choosing the active side', () => {
      expect(addOnsForCreate({ secondaryPop: 'azure-eastus' })).toEqual({
        pci: false,
        geoFailover: {
          secondaryPop: 'azure-eastus',
          active: common.FailoverSide.FAILOVER_SIDE_UNSPECIFIED,
        },
      });
    });
  });

  describe(updateNeedsCurrentSpace.name, () => {
    it.each([
      [{ tier: 'basic' }, false],
      [{ windowStart: '03:00' }, true],
      [{ windowDay: 'monday', windowStart: '03:00', timeZone: 'UTC', windowMinutes: 30 }, false],
      [{ pci: false }, true],
      [{ geoFailover: false }, true],
      [{ pci: true, secondaryPop: 'azure-eastus' }, false],
      [{ pci: false, geoFailover: false }, false],
    ])('%j → %s', (flags, expected) => {
      expect(updateNeedsCurrentSpace(flags)).toBe(expected);
    });
  });

  describe(updateSpaceRequest.name, () => {
    it('sets only the tier for a tier change', () => {
      expect(updateSpaceRequest('acme', 'r-1', { tier: 'basic' })).toEqual({
        requestId: 'r-1',
        name: 'acme',
        tier: common.Tier.TIER_BASIC,
      });
    });

    it('keeps geo-failover and its active side when only PCI changes', () => {
      expect(updateSpaceRequest('acme', 'r-1', { pci: false }, current).addOns).toEqual({
        pci: false,
        geoFailover: current.addOns?.geoFailover,
      });
    });

    it('keeps the active side when the secondary PoP moves', () => {
      expect(
        updateSpaceRequest('acme', 'r-1', { secondaryPop: 'azure-eastus' }, current).addOns,
      ).toEqual({
        pci: true,
        geoFailover: {
          secondaryPop: 'azure-eastus',
          active: common.FailoverSide.FAILOVER_SIDE_SECONDARY,
        },
      });
    });

    it('drops geo-failover and keeps PCI for --no-geo-failover', () => {
      expect(updateSpaceRequest('acme', 'r-1', { geoFailover: false }, current).addOns).toEqual({
        pci: true,
      });
    });

    it('refuses a request that changes nothing', () => {
      expect(() => updateSpaceRequest('acme', 'r-1', { geoFailover: true })).toThrow(
        /^nothing to change/,
      );
    });
  });
});
