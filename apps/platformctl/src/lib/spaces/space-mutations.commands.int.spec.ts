import { commonV1alpha1 as common } from '@platform/contracts';
import { InvalidArgumentError, UnavailableError } from '@platform/errors';
import {
  startControlPlaneFixture,
  type ControlPlaneFixture,
} from '../../test/control-plane-fixture';
import { aChange, aSpace, COMMIT } from '../../test/fleet-examples';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('platformctl spaces create|update|scale|failover|delete', () => {
  let fixture: ControlPlaneFixture;
  let config: string;

  beforeAll(async () => {
    fixture = await startControlPlaneFixture();
    config = fixture.writeConfig({ ...fixture.baseConfig(), token: 'jwt-of-alice' });
  });
  afterAll(() => fixture.stop());
  beforeEach(() => fixture.controlPlane.reset());

  const platformctl = (...argv: string[]) => fixture.run(['--config', config, ...argv]);
  const createAcme = [
    'spaces',
    'create',
    'acme',
    '--pop',
    'aws-us-east-1',
    '--tier',
    'performance-plus',
    '--channel',
    'prod',
    '--window-day',
    'sunday',
    '--window-start',
    '02:00',
    '--time-zone',
    'Europe/Berlin',
    '--window-minutes',
    '240',
  ];

  describe('create', () => {
    it('sends the Space with proto enums, its window and add-ons, a request id and the token', async () => {
      fixture.controlPlane.answer('createSpace', { space: aSpace(), change: aChange(['d-1']) });

      const result = await platformctl(
        ...createAcme,
        '--pci',
        '--secondary-pop',
        'gcp-europe-west1',
      );

      expect(result.code).toBe(0);
      const [call] = fixture.controlPlane.callsOf('createSpace');
      expect(call?.request).toEqual({
        requestId: expect.stringMatching(UUID),
        name: 'acme',
        pop: 'aws-us-east-1',
        tier: 'TIER_PERFORMANCE_PLUS',
        channel: 'CHANNEL_PROD',
        maintenanceWindow: {
          day: 'DAY_OF_WEEK_SUNDAY',
          start: '02:00',
          timeZone: 'Europe/Berlin',
          durationMinutes: 240,
        },
        addOns: {
          pci: true,
          geoFailover: { secondaryPop: 'gcp-europe-west1', active: 'FAILOVER_SIDE_UNSPECIFIED' },
        },
      });
      expect(call?.authorization).toBe('Bearer jwt-of-alice');
    });

    it('leaves add-ons unset for a Space without any', async () => {
      fixture.controlPlane.answer('createSpace', { space: aSpace(), change: aChange() });

      await platformctl(...createAcme);

      expect(fixture.controlPlane.callsOf('createSpace')[0]?.request.addOns ?? null).toBeNull();
    });

    it('prints the Space with the commit and the directive ids', async () => {
      fixture.controlPlane.answer('createSpace', { space: aSpace(), change: aChange(['d-1']) });

      const result = await platformctl(...createAcme);

      expect(result.stdout).toMatch(/^Created Space acme\.$/m);
      expect(result.stdout).toMatch(new RegExp(`^commit: +${COMMIT}$`, 'm'));
      expect(result.stdout).toMatch(/^directives: +d-1$/m);
      expect(result.stdout).toMatch(/^tier: +performance-plus$/m);
    });

    it('prints the whole response as JSON with human values and the commit', async () => {
      fixture.controlPlane.answer('createSpace', {
        space: aSpace(),
        change: aChange(['d-1', 'd-2']),
      });

      const result = await platformctl(...createAcme, '-o', 'json');

      expect(JSON.parse(result.stdout)).toEqual({
        space: {
          name: 'acme',
          pop: 'aws-us-east-1',
          tier: 'performance-plus',
          channel: 'prod',
          release: '2025.06.1',
          maintenanceWindow: {
            day: 'sunday',
            start: '02:00',
            timeZone: 'Europe/Berlin',
            durationMinutes: 240,
          },
          addOns: {
            pci: true,
            geoFailover: { secondaryPop: 'gcp-europe-west1', active: 'primary' },
          },
          pendingDirectives: [],
        },
        change: { commit: COMMIT, directiveIds: ['d-1', 'd-2'] },
      });
    });

    it('needs every window option, as a usage error before any call', async () => {
      const withoutDay = createAcme.filter(
        (arg, index, all) => arg !== '--window-day' && all[index - 1] !== '--window-day',
      );

      const result = await platformctl(...withoutDay);

      expect(result.code).toBe(2);
      expect(result.stderr).toContain("required option '--window-day <day>' not specified");
      expect(fixture.controlPlane.calls).toEqual([]);
    });

    it('rejects a window length out of range as a usage error', async () => {
      const result = await platformctl(...createAcme.slice(0, -1), '1441');

      expect(result.code).toBe(2);
      expect(result.stderr).toContain('expected a whole number from 1 to 1440');
    });

    it("prints the server's INVALID_ARGUMENT naming the field in one line", async () => {
      fixture.controlPlane.answer(
        'createSpace',
        new InvalidArgumentError('maintenance_window.time_zone', 'unknown time zone "Mars/Base"'),
      );

      const result = await platformctl(...createAcme);

      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'platformctl: INVALID_ARGUMENT: maintenance_window.time_zone: unknown time zone "Mars/Base"\n',
      });
    });

    it('names the request id to retry with when a retry may succeed', async () => {
      fixture.controlPlane.answer(
        'createSpace',
        new UnavailableError('the git remote is unreachable'),
      );

      const result = await platformctl(...createAcme, '--request-id', 'create-acme-1');

      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'platformctl: UNAVAILABLE: the git remote is unreachable (retry with --request-id create-acme-1)\n',
      });
    });
  });

  describe('update', () => {
    it('changes part of the window by reading the Space and sending the whole new window', async () => {
      fixture.controlPlane.answer('getSpace', { space: aSpace() });
      fixture.controlPlane.answer('updateSpace', { space: aSpace(), change: aChange(['d-7']) });

      const result = await platformctl('spaces', 'update', 'acme', '--window-start', '03:30');

      expect(result.code).toBe(0);
      expect(fixture.controlPlane.calls.map((call) => call.method)).toEqual([
        'getSpace',
        'updateSpace',
      ]);
      const request = fixture.controlPlane.callsOf('updateSpace')[0]?.request;
      expect(request).toMatchObject({
        name: 'acme',
        requestId: expect.stringMatching(UUID),
        maintenanceWindow: {
          day: 'DAY_OF_WEEK_SUNDAY',
          start: '03:30',
          timeZone: 'Europe/Berlin',
          durationMinutes: 240,
        },
      });
      expect(request?.tier ?? null).toBeNull();
      expect(request?.addOns ?? null).toBeNull();
    });

    it('turns geo-failover off and keeps PCI as it is', async () => {
      fixture.controlPlane.answer('getSpace', { space: aSpace() });
      fixture.controlPlane.answer('updateSpace', { space: aSpace(), change: aChange() });

      await platformctl('spaces', 'update', 'acme', '--no-geo-failover');

      const request = fixture.controlPlane.callsOf('updateSpace')[0]?.request;
      expect(request?.addOns).toMatchObject({ pci: true });
      expect(request?.addOns?.geoFailover ?? null).toBeNull();
      expect(request?.maintenanceWindow ?? null).toBeNull();
    });

    it('sets both add-ons without reading the Space when the flags say everything', async () => {
      fixture.controlPlane.answer('updateSpace', { space: aSpace(), change: aChange() });

      await platformctl('spaces', 'update', 'acme', '--no-pci', '--secondary-pop', 'azure-eastus');

      expect(fixture.controlPlane.calls.map((call) => call.method)).toEqual(['updateSpace']);
      expect(fixture.controlPlane.callsOf('updateSpace')[0]?.request.addOns).toEqual({
        pci: false,
        geoFailover: { secondaryPop: 'azure-eastus', active: 'FAILOVER_SIDE_UNSPECIFIED' },
      });
    });

    it('refuses --secondary-pop together with --no-geo-failover', async () => {
      const result = await platformctl(
        'spaces',
        'update',
        'acme',
        '--secondary-pop',
        'azure-eastus',
        '--no-geo-failover',
      );

      expect(result.code).toBe(2);
      expect(fixture.controlPlane.calls).toEqual([]);
    });

    it('refuses an update that changes nothing', async () => {
      const result = await platformctl('spaces', 'update', 'acme');

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^platformctl: nothing to change: /);
    });
  });

  it('scales a Space by sending only its new tier', async () => {
    fixture.controlPlane.answer('updateSpace', {
      space: aSpace({ tier: common.Tier.TIER_BASIC }),
      change: aChange(['d-9']),
    });

    const result = await platformctl('spaces', 'scale', 'acme', '--tier', 'basic');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Scaled Space acme\.$/m);
    expect(result.stdout).toMatch(/^tier: +basic$/m);
    expect(result.stdout).toMatch(/^directives: +d-9$/m);
    const request = fixture.controlPlane.callsOf('updateSpace')[0]?.request;
    expect(request).toMatchObject({ name: 'acme', tier: 'TIER_BASIC' });
    expect(request?.maintenanceWindow ?? null).toBeNull();
    expect(request?.addOns ?? null).toBeNull();
  });

  it('fails over with the expected active side and prints both directives', async () => {
    fixture.controlPlane.answer('failoverSpace', {
      space: aSpace({
        addOns: {
          pci: true,
          geoFailover: {
            secondaryPop: 'gcp-europe-west1',
            active: common.FailoverSide.FAILOVER_SIDE_SECONDARY,
          },
        },
      }),
      change: aChange(['d-primary', 'd-secondary']),
    });

    const result = await platformctl(
      'spaces',
      'failover',
      'acme',
      '--expected-active',
      'primary',
      '--request-id',
      'failover-acme',
    );

    expect(result.code).toBe(0);
    expect(fixture.controlPlane.callsOf('failoverSpace')[0]?.request).toEqual({
      requestId: 'failover-acme',
      name: 'acme',
      expectedActive: 'FAILOVER_SIDE_PRIMARY',
    });
    expect(result.stdout).toMatch(/^geo-failover: +gcp-europe-west1 \(active: secondary\)$/m);
    expect(result.stdout).toMatch(/^directives: +d-primary, d-secondary$/m);
  });

  it('fails over without a guard when --expected-active is left out', async () => {
    fixture.controlPlane.answer('failoverSpace', { space: aSpace(), change: aChange() });

    await platformctl('spaces', 'failover', 'acme');

    expect(fixture.controlPlane.callsOf('failoverSpace')[0]?.request.expectedActive).toBe(
      'FAILOVER_SIDE_UNSPECIFIED',
    );
  });

  it('deletes only with --yes', async () => {
    fixture.controlPlane.answer('deleteSpace', { change: aChange(['d-decommission']) });

    const refused = await platformctl('spaces', 'delete', 'acme');
    const deleted = await platformctl('spaces', 'delete', 'acme', '--yes', '-o', 'yaml');

    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr: 'platformctl: refusing to delete Space "acme" without --yes\n',
    });
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe(
      `change:\n  commit: ${COMMIT}\n  directiveIds:\n    - d-decommission\n`,
    );
    expect(fixture.controlPlane.callsOf('deleteSpace')).toHaveLength(1);
  });
});
