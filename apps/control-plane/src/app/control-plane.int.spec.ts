import type { Metadata } from '@grpc/grpc-js';
import { commonV1alpha1, type controlPlaneV1alpha1 } from '@platform/contracts';
import { eventually } from '@platform/testing';
import { Redis } from 'ioredis';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { firstValueFrom, type Observable } from 'rxjs';
import { startControlPlaneFixture, type ControlPlaneFixture } from '../test/control-plane-fixture';

const AWS = 'aws-us-east-1';
const GCP = 'gcp-europe-west1';
const WORKSPACE = join(__dirname, '..', '..', '..', '..');
const { Tier, Channel, DayOfWeek, FailoverSide } = commonV1alpha1;

const window = (): commonV1alpha1.MaintenanceWindow => ({
  day: DayOfWeek.DAY_OF_WEEK_SUNDAY,
  start: '02:00',
  timeZone: 'Europe/Berlin',
  durationMinutes: 120,
});

const createRequest = (
  name: string,
  overrides: Partial<controlPlaneV1alpha1.CreateSpaceRequest> = {},
): controlPlaneV1alpha1.CreateSpaceRequest => ({
  requestId: `create-${name}`,
  name,
  pop: AWS,
  tier: Tier.TIER_PERFORMANCE,
  channel: Channel.CHANNEL_PROD,
  maintenanceWindow: window(),
  addOns: { pci: false, geoFailover: undefined },
  ...overrides,
});

/** The gRPC status code a call failed with. */

async function messageOf(call: Observable<unknown>): Promise<string> {
  try {
    await firstValueFrom(call);
  } catch (error) {
    return `${(error as { code: number }).code} ${(error as Error).message}`;
  }
  return 'OK';
}

describe('control plane (real git remote, relays, Redis and agents)', () => {
  let fixture: ControlPlaneFixture;
  let admin: Metadata;

  beforeAll(async () => {
    fixture = await startControlPlaneFixture([AWS, GCP]);
    admin = await fixture.auth('admin');
  }, 120_000);

  afterAll(async () => {
    if (process.env['CP_DEBUG']) console.log(fixture?.controlPlane.output());
    await fixture?.stop();
  });

  it('creates a Space as one commit with trailers that passes the checker, and its agent applies it', async () => {
    const before = fixture.remoteLog();
    const response = await firstValueFrom(
      fixture.client.createSpace(createRequest('wayne'), admin),
    );

    const log = fixture.remoteLog();
    expect(log.length).toBe(before.length + 1);
    expect(response.change?.gitCommit).toBe(log[0]);
    expect(response.space?.release).toBe('2026.45.0');
    const files = fixture.remote
      .git(['show', '--name-only', '--format=', log[0]], fixture.remote.url)
      .split('\n');
    expect(files).toContain('gitops/platform/spaces/wayne.yaml');
    expect(files).toContain(`gitops/rendered/spaces/wayne/${AWS}/deployment-api.yaml`);
    const message = fixture.remote.git(['log', '-1', '--format=%B', log[0]], fixture.remote.url);
    expect(message).toContain('Platform-Operation: space.create');
    expect(message).toContain('Platform-Request-Id: create-wayne');
    expect(message).toMatch(/Platform-Actor: operator:admin@example.com .*via spiffe:\/\//);

    const clone = fixture.remote.cloneAgain();
    execFileSync(
      process.execPath,
      [
        join(WORKSPACE, 'tools/bin/platformctl.cjs'),
        'gitops',
        'check',
        '--dir',
        join(clone, 'gitops'),
        '--base',
        'HEAD~1',
      ],
      { cwd: clone, stdio: 'pipe' },
    );

    const agent = await fixture.startAgent('wayne', AWS);
    await eventually(async () => {
      const status = await agent.status();
      expect(status['release']).toBe('2026.45.0');
      expect(status['tier']).toBe('TIER_PERFORMANCE');
    }, 20_000);
    await eventually(async () => {
      const { space } = await firstValueFrom(fixture.client.getSpace({ name: 'wayne' }, admin));
      expect(space?.pendingDirectives).toEqual([]);
    }, 20_000);
  }, 90_000);

  it('scales a Space and fails a geo-failover Space over; both sides hear their new role', async () => {
    const scaled = await firstValueFrom(
      fixture.client.updateSpace(
        {
          requestId: 'scale-wayne',
          name: 'wayne',
          tier: Tier.TIER_PERFORMANCE_PLUS,
          maintenanceWindow: undefined,
          addOns: undefined,
        },
        admin,
      ),
    );
    expect(scaled.space?.tier).toBe(Tier.TIER_PERFORMANCE_PLUS);
    expect(scaled.change?.directiveIds).toHaveLength(1);
    const message = fixture.remote.git(['log', '-1', '--format=%B'], fixture.remote.url);
    expect(message).toContain('Platform-Operation: space.scale');

    const primary = await fixture.startAgent('acme', AWS);
    const secondary = await fixture.startAgent('acme', GCP);
    const failover = await firstValueFrom(
      fixture.client.failoverSpace(
        {
          requestId: 'failover-acme',
          name: 'acme',
          expectedActive: FailoverSide.FAILOVER_SIDE_PRIMARY,
        },
        admin,
      ),
    );
    expect(failover.space?.addOns?.geoFailover?.active).toBe(FailoverSide.FAILOVER_SIDE_SECONDARY);
    expect(failover.change?.directiveIds).toHaveLength(2);
    await eventually(async () => {
      expect((await primary.status())['failoverRole']).toBe('FAILOVER_ROLE_STANDBY');
      expect((await secondary.status())['failoverRole']).toBe('FAILOVER_ROLE_ACTIVE');
    }, 20_000);

    const again = await messageOf(
      fixture.client.failoverSpace(
        {
          requestId: 'failover-acme-twice',
          name: 'acme',
          expectedActive: FailoverSide.FAILOVER_SIDE_PRIMARY,
        },
        admin,
      ),
    );
    expect(again).toMatch(/^9 .*active on its secondary side/);
  }, 90_000);

  it('answers a retried create with the first result and one commit; 20 concurrent creates make 20 commits', async () => {
    const before = fixture.remoteLog().length;
    const first = await firstValueFrom(
      fixture.client.createSpace(createRequest('retry-me'), admin),
    );
    const retried = await firstValueFrom(
      fixture.client.createSpace(createRequest('retry-me'), admin),
    );
    expect(retried.change).toEqual(first.change);
    expect(fixture.remoteLog().length).toBe(before + 1);
    const reused = await messageOf(
      fixture.client.createSpace(
        createRequest('someone-else', { requestId: 'create-retry-me' }),
        admin,
      ),
    );
    expect(reused).toMatch(/^3 .*request_id/);

    const names = Array.from({ length: 20 }, (_, index) => `burst-${index}`);
    const results = await Promise.all(
      names.map((name) => firstValueFrom(fixture.client.createSpace(createRequest(name), admin))),
    );
    expect(new Set(results.map((result) => result.change?.gitCommit)).size).toBe(20);
    expect(fixture.remoteLog().length).toBe(before + 21);
    const { spaces } = await firstValueFrom(
      fixture.client.listSpaces(
        {
          pageSize: 1000,
          pageToken: '',
          pop: '',
          channel: Channel.CHANNEL_UNSPECIFIED,
          tier: Tier.TIER_UNSPECIFIED,
        },
        admin,
      ),
    );
    expect(spaces.map((space) => space.name)).toEqual(expect.arrayContaining(names));
  }, 120_000);

  it('commits while the relay is down, shows the directives pending, and delivers them once it is back', async () => {
    await fixture.relays[GCP].stop();
    try {
      const created = await firstValueFrom(
        fixture.client.createSpace(createRequest('offline', { pop: GCP }), admin),
      );
      expect(fixture.remoteLog()[0]).toBe(created.change?.gitCommit);
      const { space } = await firstValueFrom(fixture.client.getSpace({ name: 'offline' }, admin));
      expect(space?.pendingDirectives.map((pending) => pending.id)).toEqual(
        created.change?.directiveIds,
      );
    } finally {
      await fixture.relays[GCP].start();
    }
    await eventually(
      async () => expect(await fixture.relayBacklog(GCP, 'offline')).toBe(3),
      30_000,
    );
    const agent = await fixture.startAgent('offline', GCP);
    await eventually(
      async () => expect((await agent.status())['release']).toBe('2026.45.0'),
      20_000,
    );
    await eventually(async () => {
      const { space } = await firstValueFrom(fixture.client.getSpace({ name: 'offline' }, admin));
      expect(space?.pendingDirectives).toEqual([]);
    }, 20_000);
  }, 120_000);

  it('returns the first result after a crash and restart of the control plane, with no second commit', async () => {
    const first = await firstValueFrom(
      fixture.client.createSpace(createRequest('survivor'), admin),
    );
    await fixture.controlPlane.kill();
    await fixture.controlPlane.start();
    const retried = await firstValueFrom(
      fixture.client.createSpace(createRequest('survivor'), admin),
    );
    expect(retried.change).toEqual(first.change);
    expect(fixture.remoteLog()[0]).toBe(first.change?.gitCommit);
  }, 120_000);

  it('refuses bad input with the field named and commits nothing', async () => {
    const before = fixture.remoteLog().length;
    const create = (overrides: Partial<controlPlaneV1alpha1.CreateSpaceRequest>) =>
      messageOf(
        fixture.client.createSpace(
          createRequest('bad-input', { requestId: '', ...overrides }),
          admin,
        ),
      );
    expect(await create({ name: 'Bad_Name' })).toMatch(
      /^3 .*name: "Bad_Name" is not a DNS-1123 label/,
    );
    expect(await create({ pop: 'aws-mars-1' })).toMatch(/^5 .*PoP "aws-mars-1"/);
    expect(await create({ tier: Tier.TIER_UNSPECIFIED })).toMatch(/^3 .*tier: must be set/);
    expect(await create({ maintenanceWindow: undefined })).toMatch(
      /^3 .*maintenance_window: is required/,
    );
    expect(await create({ maintenanceWindow: { ...window(), timeZone: 'Mars/Olympus' } })).toMatch(
      /^3 .*maintenance_window.time_zone/,
    );
    expect(await create({ maintenanceWindow: { ...window(), durationMinutes: 5 } })).toMatch(
      /^3 .*maintenance_window.duration_minutes/,
    );
    expect(
      await create({
        addOns: {
          pci: false,
          geoFailover: { secondaryPop: AWS, active: FailoverSide.FAILOVER_SIDE_UNSPECIFIED },
        },
      }),
    ).toMatch(/^3 .*add_ons.geo_failover.secondary_pop/);
    expect(
      await create({ tier: Tier.TIER_BASIC, addOns: { pci: true, geoFailover: undefined } }),
    ).toMatch(/^3 .*add_ons.pci/);
    expect(
      await messageOf(
        fixture.client.createPop(
          {
            requestId: '',
            name: 'aws-x',
            cloud: commonV1alpha1.Cloud.CLOUD_AWS,
            region: 'us-middle-9',
            channel: Channel.CHANNEL_PROD,
          },
          admin,
        ),
      ),
    ).toMatch(/^3 .*region: "us-middle-9" is not a aws region/);
    expect(await messageOf(fixture.client.deletePop({ requestId: '', name: GCP }, admin))).toMatch(
      /^9 .*still hosts Spaces/,
    );
    expect(
      await messageOf(
        fixture.client.listSpaces(
          {
            pageSize: 1,
            pageToken: 'garbage',
            pop: '',
            channel: Channel.CHANNEL_UNSPECIFIED,
            tier: Tier.TIER_UNSPECIFIED,
          },
          admin,
        ),
      ),
    ).toMatch(/^3 .*page_token/);
    expect(fixture.remoteLog().length).toBe(before);
  }, 60_000);

  it('pages through Spaces with filters, and deletes a Space with a Decommission directive', async () => {
    const all: string[] = [];
    let pageToken = '';
    do {
      const page = await firstValueFrom(
        fixture.client.listSpaces(
          {
            pageSize: 2,
            pageToken,
            pop: GCP,
            channel: Channel.CHANNEL_UNSPECIFIED,
            tier: Tier.TIER_UNSPECIFIED,
          },
          admin,
        ),
      );
      expect(page.spaces.length).toBeLessThanOrEqual(2);
      all.push(...page.spaces.map((space) => space.name));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['acme', 'globex']));
    expect(all).not.toContain('initech');

    const deleted = await firstValueFrom(
      fixture.client.deleteSpace({ requestId: 'delete-hooli', name: 'hooli' }, admin),
    );
    expect(deleted.change?.directiveIds).toHaveLength(1);
    expect(await messageOf(fixture.client.getSpace({ name: 'hooli' }, admin))).toMatch(/^5 /);
    const files = fixture.remote.git(
      ['show', '--name-only', '--format=', deleted.change?.gitCommit ?? ''],
      fixture.remote.url,
    );
    expect(files).toContain('gitops/platform/spaces/hooli.yaml');
    expect(files).toContain(`gitops/rendered/spaces/hooli/${AWS}/deployment-api.yaml`);
  }, 60_000);

  it('answers UNAVAILABLE and commits nothing while its Redis is down, and recovers when it returns', async () => {
    const before = fixture.remoteLog().length;
    await fixture.redis.stop();
    try {
      expect(await messageOf(fixture.client.createSpace(createRequest('no-redis'), admin))).toMatch(
        /^14 /,
      );
      expect(fixture.remoteLog().length).toBe(before);
    } finally {
      await fixture.redis.restart();
    }
    await eventually(async () => {
      const created = await firstValueFrom(
        fixture.client.createSpace(createRequest('no-redis'), admin),
      );
      expect(created.change?.gitCommit).toBe(fixture.remoteLog()[0]);
    }, 30_000);
    expect(fixture.remoteLog().length).toBe(before + 1);
  }, 90_000);

  it('finishes a request whose holder died after pushing: finds its commit by trailer, makes no second one', async () => {
    const first = await firstValueFrom(fixture.client.createSpace(createRequest('orphan'), admin));
    // Turn the finished record into what a holder that died right after its push leaves: a
    // claim whose lease ran out and no record of the commit.
    const redis = new Redis(fixture.redis.url);
    try {
      const key = 'cp:request:create-orphan';
      const record = JSON.parse((await redis.get(key)) ?? '{}') as { fingerprint: string };
      await redis.set(
        key,
        JSON.stringify({
          state: 'started',
          fingerprint: record.fingerprint,
          token: 'dead',
          leaseUntil: 0,
        }),
      );
    } finally {
      redis.disconnect();
    }
    const before = fixture.remoteLog().length;
    const resumed = await firstValueFrom(
      fixture.client.createSpace(createRequest('orphan'), admin),
    );
    expect(resumed.change?.gitCommit).toBe(first.change?.gitCommit);
    expect(resumed.change?.directiveIds).toHaveLength(3);
    expect(fixture.remoteLog().length).toBe(before);
  }, 60_000);

  it('is driven by the real platformctl: create prints the commit as JSON, get shows the Space, errors are one line', async () => {
    await fixture.auth('customer-success');
    const created = fixture.platformctl('customer-success', [
      'spaces',
      'create',
      'cli-made',
      '--pop',
      AWS,
      '--tier',
      'performance',
      '--channel',
      'staging',
      '--window-day',
      'tuesday',
      '--window-start',
      '23:30',
      '--time-zone',
      'Asia/Kolkata',
      '--window-minutes',
      '90',
      '-o',
      'json',
    ]);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const result = JSON.parse(created.stdout) as { change: { commit: string } };
    expect(result.change.commit).toBe(fixture.remoteLog()[0]);

    const shown = fixture.platformctl('customer-success', ['spaces', 'get', 'cli-made']);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('Asia/Kolkata');

    const refused = fixture.platformctl('customer-success', [
      'spaces',
      'delete',
      'cli-made',
      '--yes',
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/PERMISSION_DENIED/);
  }, 60_000);
});
