import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { commonV1alpha1, type controlPlaneV1alpha1 } from '@platform/contracts';
import type { OperatorRole } from '@platform/operator-auth';
import { firstValueFrom, type Observable } from 'rxjs';
import { startControlPlaneFixture, type ControlPlaneFixture } from '../test/control-plane-fixture';

const { Tier, Channel, Cloud, DayOfWeek } = commonV1alpha1;
type Client = controlPlaneV1alpha1.ControlPlaneServiceClient;

async function codeOf(call: Observable<unknown>): Promise<number> {
  try {
    await firstValueFrom(call);
  } catch (error) {
    return (error as { code: number }).code;
  }
  return GrpcStatus.OK;
}

const window = {
  day: DayOfWeek.DAY_OF_WEEK_SUNDAY,
  start: '02:00',
  timeZone: 'UTC',
  durationMinutes: 60,
};

/**
 * One call per permission, each shaped to fail *after* authorization (unknown names, bad names)
 * so the table is checked without changing the fleet: a permitted role gets that later error,
 * a refused one PERMISSION_DENIED.
 */
const CALLS: Record<string, (client: Client, auth: Metadata) => Observable<unknown>> = {
  'pops.read': (client, auth) => client.getPop({ name: 'nowhere' }, auth),
  'pops.create': (client, auth) =>
    client.createPop(
      {
        requestId: '',
        name: 'Not_A_Name',
        cloud: Cloud.CLOUD_AWS,
        region: 'us-east-1',
        channel: Channel.CHANNEL_PROD,
      },
      auth,
    ),
  'pops.delete': (client, auth) => client.deletePop({ requestId: '', name: 'nowhere' }, auth),
  'spaces.read': (client, auth) => client.getSpace({ name: 'nowhere' }, auth),
  'spaces.create': (client, auth) =>
    client.createSpace(
      {
        requestId: '',
        name: 'Not_A_Name',
        pop: 'aws-us-east-1',
        tier: Tier.TIER_BASIC,
        channel: Channel.CHANNEL_PROD,
        maintenanceWindow: window,
        addOns: undefined,
      },
      auth,
    ),
  'spaces.scale': (client, auth) =>
    client.updateSpace(
      {
        requestId: '',
        name: 'nowhere',
        tier: Tier.TIER_PERFORMANCE,
        maintenanceWindow: undefined,
        addOns: undefined,
      },
      auth,
    ),
  'spaces.update-window': (client, auth) =>
    client.updateSpace(
      {
        requestId: '',
        name: 'nowhere',
        tier: undefined,
        maintenanceWindow: window,
        addOns: undefined,
      },
      auth,
    ),
  'spaces.update-add-ons': (client, auth) =>
    client.updateSpace(
      {
        requestId: '',
        name: 'nowhere',
        tier: undefined,
        maintenanceWindow: undefined,
        addOns: { pci: false, geoFailover: undefined },
      },
      auth,
    ),
  'spaces.failover': (client, auth) =>
    client.failoverSpace(
      {
        requestId: '',
        name: 'nowhere',
        expectedActive: commonV1alpha1.FailoverSide.FAILOVER_SIDE_UNSPECIFIED,
      },
      auth,
    ),
  'spaces.delete': (client, auth) => client.deleteSpace({ requestId: '', name: 'nowhere' }, auth),
};

// The README's table, written out again on purpose: a change to the code's table must show here.
const ALLOWED: Record<OperatorRole, string[]> = {
  admin: Object.keys(CALLS),
  operator: Object.keys(CALLS).filter(
    (action) => action !== 'pops.create' && action !== 'pops.delete',
  ),
  'customer-success': [
    'pops.read',
    'spaces.read',
    'spaces.create',
    'spaces.update-window',
    'spaces.scale',
  ],
  viewer: ['pops.read', 'spaces.read'],
};

describe('control plane access: operator tokens and roles, call by call', () => {
  let fixture: ControlPlaneFixture;

  beforeAll(async () => {
    fixture = await startControlPlaneFixture(['aws-us-east-1']);
  }, 120_000);

  afterAll(async () => {
    await fixture?.stop();
  });

  const cases = (Object.keys(ALLOWED) as OperatorRole[]).flatMap((role) =>
    Object.keys(CALLS).map((action) => ({ role, action, allowed: ALLOWED[role].includes(action) })),
  );

  it.each(cases)('$role: $action allowed=$allowed', async ({ role, action, allowed }) => {
    const code = await codeOf(CALLS[action](fixture.client, await fixture.auth(role)));
    if (allowed) {
      expect([GrpcStatus.NOT_FOUND, GrpcStatus.INVALID_ARGUMENT]).toContain(code);
    } else {
      expect(code).toBe(GrpcStatus.PERMISSION_DENIED);
    }
  });

  it('refuses a call without a token, with an expired or malformed token, and with a token of an unknown issuer or key', async () => {
    const list = (auth: Metadata = new Metadata()) =>
      fixture.client.listPops({ pageSize: 0, pageToken: '' }, auth);
    expect(await codeOf(list())).toBe(GrpcStatus.UNAUTHENTICATED);
    const hourAgo = () => new Date(Date.now() - 3_600_000);
    expect(await codeOf(list(await fixture.auth('admin', { ttlSeconds: 60, now: hourAgo })))).toBe(
      GrpcStatus.UNAUTHENTICATED,
    );
    expect(await codeOf(list(await fixture.auth('admin', { untrustedKey: true })))).toBe(
      GrpcStatus.UNAUTHENTICATED,
    );
    expect(await codeOf(list(await fixture.auth('admin', { issuer: 'someone-else' })))).toBe(
      GrpcStatus.UNAUTHENTICATED,
    );
    const garbage = new Metadata();
    garbage.set('authorization', 'Bearer not.a.jwt');
    expect(await codeOf(list(garbage))).toBe(GrpcStatus.UNAUTHENTICATED);
    expect(await codeOf(list(await fixture.auth('viewer')))).toBe(GrpcStatus.OK);
  });

  it('refuses a Space workload certificate even with an admin token', async () => {
    const asSpace = await fixture.clientAs(fixture.pki.space('acme'));
    const code = await codeOf(
      asSpace.listPops({ pageSize: 0, pageToken: '' }, await fixture.auth('admin')),
    );
    expect(code).toBe(GrpcStatus.PERMISSION_DENIED);
  });
});
