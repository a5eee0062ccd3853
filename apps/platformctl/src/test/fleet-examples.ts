import { commonV1alpha1 as common, controlPlaneV1alpha1 as api } from '@platform/contracts';

/** Messages as a control plane answers them, for tests to hand to the fake. */

export const COMMIT = '3f0c1e9a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e';

export function aPop(overrides: Partial<api.Pop> = {}): api.Pop {
  return {
    name: 'aws-us-east-1',
    cloud: common.Cloud.CLOUD_AWS,
    region: 'us-east-1',
    channel: common.Channel.CHANNEL_PROD,
    release: '2025.06.1',
    ...overrides,
  };
}

export function aSpace(overrides: Partial<api.Space> = {}): api.Space {
  return {
    name: 'acme',
    pop: 'aws-us-east-1',
    tier: common.Tier.TIER_PERFORMANCE_PLUS,
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
        active: common.FailoverSide.FAILOVER_SIDE_PRIMARY,
      },
    },
    pendingDirectives: [],
    ...overrides,
  };
}

export function aChange(directiveIds: string[] = []): common.ChangeResult {
  return { gitCommit: COMMIT, directiveIds };
}
