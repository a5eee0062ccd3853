import { commonV1alpha1, directiveV1alpha1 } from '@platform/contracts';

/** A valid accept-release directive for Space `acme`, with `overrides` applied. */
export function acceptReleaseBody(
  overrides: Partial<directiveV1alpha1.DirectiveBody> = {},
): directiveV1alpha1.DirectiveBody {
  return {
    id: 'd_01JC0000000_ABCDEFGHJKMNPQRS',
    space: 'acme',
    issuedAt: { seconds: '1763800000', nanos: 0 },
    gitCommit: '0123456789abcdef0123456789abcdef01234567',
    emergency: false,
    acceptRelease: { release: '2026.45.0', fromRelease: '2026.44.0' },
    ...overrides,
  };
}

/** A valid body for each action, so tests can cover every kind of directive. */
export function bodiesOfEveryAction(): directiveV1alpha1.DirectiveBody[] {
  const base = acceptReleaseBody({ acceptRelease: undefined });
  return [
    acceptReleaseBody(),
    { ...base, scale: { tier: commonV1alpha1.Tier.TIER_PERFORMANCE_PLUS } },
    {
      ...base,
      emergency: true,
      setFailoverRole: {
        role: directiveV1alpha1.FailoverRole.FAILOVER_ROLE_STANDBY,
        peerPop: 'gcp-europe-west1',
      },
    },
    {
      ...base,
      setMaintenanceWindow: {
        maintenanceWindow: {
          day: commonV1alpha1.DayOfWeek.DAY_OF_WEEK_SUNDAY,
          start: '23:30',
          timeZone: 'Europe/Berlin',
          durationMinutes: 120,
        },
      },
    },
    { ...base, freeze: { reason: 'incident 4711', until: { seconds: '1763900000', nanos: 5 } } },
    { ...base, unfreeze: {} },
    { ...base, decommission: {} },
  ];
}
