import { API_VERSION, DEFAULT_SETTINGS, type Release, type Space } from '@platform/gitops';
import { spaceDirectives } from './space-directives';

const space = (overrides: Partial<Space['spec']> = {}): Space => ({
  apiVersion: API_VERSION,
  kind: 'Space',
  metadata: { name: 'acme' },
  spec: {
    pop: 'aws',
    tier: 'performance',
    channel: 'prod',
    release: '2026.45.0',
    maintenanceWindow: { day: 'sunday', start: '02:00', timeZone: 'UTC', durationMinutes: 60 },
    addOns: { pci: false },
    ...overrides,
  },
});
const geo = (active: 'primary' | 'secondary', secondaryPop = 'gcp') => ({
  addOns: { pci: false, geoFailover: { secondaryPop, active } },
});
const releases = new Map<string, Release>([
  [
    '2026.45.0',
    {
      apiVersion: API_VERSION,
      kind: 'Release',
      metadata: { name: '2026.45.0' },
      spec: { compatibleWith: '2026.44.0', components: {}, migrations: [] },
    },
  ],
]);

const context = { releases, settings: DEFAULT_SETTINGS };

/** "<pop> <kind>[!]" per directive, `!` marking an emergency. */
const summary = (before?: Space, after?: Space) =>
  spaceDirectives(before, after, context).map(
    (planned) =>
      `${planned.pop} ${planned.kind.replace('DIRECTIVE_KIND_', '').toLowerCase()}${planned.emergency ? '!' : ''}`,
  );

describe(spaceDirectives.name, () => {
  it('gives a new Space window, tier and its release (an emergency, from the link before it)', () => {
    expect(summary(undefined, space())).toEqual([
      'aws set_maintenance_window',
      'aws scale',
      'aws accept_release!',
    ]);
    const [, , accept] = spaceDirectives(undefined, space(), context);
    expect(accept.action.acceptRelease).toEqual({ release: '2026.45.0', fromRelease: '2026.44.0' });
  });

  it('gives each side of a new geo-failover Space its role and the other side as peer', () => {
    const planned = spaceDirectives(undefined, space(geo('primary')), context);
    expect(
      planned.filter((p) => p.action.setFailoverRole).map((p) => [p.pop, p.action.setFailoverRole]),
    ).toEqual([
      ['aws', { role: 'FAILOVER_ROLE_ACTIVE', peerPop: 'gcp' }],
      ['gcp', { role: 'FAILOVER_ROLE_STANDBY', peerPop: 'aws' }],
    ]);
  });

  it('tells only what changed: a tier, a window', () => {
    expect(summary(space(), space({ tier: 'performance-plus' }))).toEqual(['aws scale']);
    const later = { day: 'monday', start: '03:00', timeZone: 'UTC', durationMinutes: 60 } as const;
    expect(summary(space(), space({ maintenanceWindow: later }))).toEqual([
      'aws set_maintenance_window',
    ]);
    expect(summary(space(), space())).toEqual([]);
  });

  it("gives a basic-tier Space the platform's default window, and a new window when its tier changes that", () => {
    const basic = space({ tier: 'basic' });
    const [window] = spaceDirectives(undefined, basic, context);
    expect(window.action.setMaintenanceWindow?.maintenanceWindow?.timeZone).toBe(
      DEFAULT_SETTINGS.spec.basicTierWindow.timeZone,
    );
    expect(window.action.setMaintenanceWindow?.maintenanceWindow?.start).toBe(
      DEFAULT_SETTINGS.spec.basicTierWindow.start,
    );
    expect(summary(basic, space())).toEqual(['aws set_maintenance_window', 'aws scale']);
  });

  it('swaps roles on both sides as emergencies on failover', () => {
    expect(summary(space(geo('primary')), space(geo('secondary')))).toEqual([
      'aws set_failover_role!',
      'gcp set_failover_role!',
    ]);
  });

  it('brings a new secondary up and decommissions a dropped one', () => {
    expect(summary(space(), space(geo('primary')))).toEqual([
      'aws set_failover_role',
      'gcp set_maintenance_window',
      'gcp scale',
      'gcp set_failover_role',
      'gcp accept_release!',
    ]);
    expect(summary(space(geo('primary')), space())).toEqual(['gcp decommission']);
    expect(summary(space(geo('primary', 'gcp')), space(geo('primary', 'azure')))).toContain(
      'gcp decommission',
    );
  });

  it('decommissions every side of a deleted Space', () => {
    expect(summary(space(geo('primary')), undefined)).toEqual([
      'aws decommission',
      'gcp decommission',
    ]);
  });
});
