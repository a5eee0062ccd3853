import { commonV1alpha1 as common } from '@platform/contracts';
import { NotFoundError } from '@platform/errors';
import { parse } from 'yaml';
import {
  startControlPlaneFixture,
  type ControlPlaneFixture,
} from '../../test/control-plane-fixture';
import { aSpace } from '../../test/fleet-examples';

describe('platformctl spaces list|get', () => {
  let fixture: ControlPlaneFixture;
  let config: string;

  beforeAll(async () => {
    fixture = await startControlPlaneFixture();
    config = fixture.writeConfig(fixture.baseConfig());
  });
  afterAll(() => fixture.stop());
  beforeEach(() => fixture.controlPlane.reset());

  const platformctl = (...argv: string[]) => fixture.run(['--config', config, ...argv]);
  const globex = aSpace({
    name: 'globex',
    tier: common.Tier.TIER_BASIC,
    channel: common.Channel.CHANNEL_STAGING,
    addOns: { pci: false },
  });

  it('lists Spaces as a table with window, add-ons and pending count', async () => {
    fixture.controlPlane.answer('listSpaces', { spaces: [aSpace(), globex], nextPageToken: '' });

    const result = await platformctl('spaces', 'list');

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.split('\n')).toEqual([
      'NAME    POP            TIER              CHANNEL  RELEASE    WINDOW                           ADD-ONS                             PENDING',
      'acme    aws-us-east-1  performance-plus  prod     2025.06.1  sunday 02:00 Europe/Berlin 240m  pci, geo-failover:gcp-europe-west1  0',
      'globex  aws-us-east-1  basic             staging  2025.06.1  sunday 02:00 Europe/Berlin 240m  -                                   0',
      '',
    ]);
  });

  it('sends the filters as proto values', async () => {
    fixture.controlPlane.answer('listSpaces', { spaces: [], nextPageToken: '' });

    const result = await platformctl(
      'spaces',
      'list',
      '--pop',
      'aws-us-east-1',
      '--channel',
      'prod',
      '--tier',
      'performance-plus',
      '--page-size',
      '20',
    );

    expect(result).toEqual({ code: 0, stdout: 'No Spaces.\n', stderr: '' });
    expect(fixture.controlPlane.callsOf('listSpaces')[0]?.request).toEqual({
      pageSize: 20,
      pageToken: '',
      pop: 'aws-us-east-1',
      channel: 'CHANNEL_PROD',
      tier: 'TIER_PERFORMANCE_PLUS',
    });
  });

  it('prints one page and says how to get the next; --all fetches every page', async () => {
    fixture.controlPlane.answer('listSpaces', (request) =>
      request.pageToken === ''
        ? { spaces: [aSpace()], nextPageToken: 'after-acme' }
        : { spaces: [globex], nextPageToken: '' },
    );

    const onePage = await platformctl('spaces', 'list', '-o', 'json');
    const table = await platformctl('spaces', 'list');
    const all = await platformctl('spaces', 'list', '--all', '-o', 'json');

    expect(JSON.parse(onePage.stdout)).toMatchObject({
      spaces: [{ name: 'acme' }],
      nextPageToken: 'after-acme',
    });
    expect(table.stderr).toBe('More Spaces: add --all, or --page-token after-acme\n');
    expect(JSON.parse(all.stdout)).toMatchObject({
      spaces: [{ name: 'acme' }, { name: 'globex' }],
      nextPageToken: '',
    });
  });

  it('shows one Space with the directives still pending for it', async () => {
    fixture.controlPlane.answer('getSpace', {
      space: aSpace({
        pendingDirectives: [
          {
            id: 'd-0001',
            kind: common.DirectiveKind.DIRECTIVE_KIND_SCALE,
            issuedAt: { seconds: '1750000000', nanos: 0 },
            emergency: false,
          },
          {
            id: 'd-0002',
            kind: common.DirectiveKind.DIRECTIVE_KIND_SET_FAILOVER_ROLE,
            issuedAt: { seconds: '1750000060', nanos: 500_000_000 },
            emergency: true,
          },
        ],
      }),
    });

    const result = await platformctl('spaces', 'get', 'acme');

    expect(result.code).toBe(0);
    expect(fixture.controlPlane.callsOf('getSpace')[0]?.request).toEqual({ name: 'acme' });
    expect(result.stdout).toBe(
      [
        'name:                acme',
        'pop:                 aws-us-east-1',
        'tier:                performance-plus',
        'channel:             prod',
        'release:             2025.06.1',
        'window:              sunday 02:00 Europe/Berlin 240m',
        'pci:                 yes',
        'geo-failover:        gcp-europe-west1 (active: primary)',
        'frozen:              no',
        'pending directives:  2',
        '',
        'ID      KIND               ISSUED                    EMERGENCY',
        'd-0001  scale              2025-06-15T15:06:40.000Z  no',
        'd-0002  set-failover-role  2025-06-15T15:07:40.500Z  yes',
        '',
      ].join('\n'),
    );
  });

  it('prints a Space as YAML with human values', async () => {
    fixture.controlPlane.answer('getSpace', {
      space: aSpace({
        frozen: { reason: 'incident 42', until: { seconds: '1750000000', nanos: 0 } },
      }),
    });

    const result = await platformctl('spaces', 'get', 'acme', '-o', 'yaml');

    expect(parse(result.stdout)).toEqual({
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
        addOns: { pci: true, geoFailover: { secondaryPop: 'gcp-europe-west1', active: 'primary' } },
        pendingDirectives: [],
        frozen: { reason: 'incident 42', until: '2025-06-15T15:06:40.000Z' },
      },
    });
  });

  it('says NOT_FOUND in one line for a Space that does not exist', async () => {
    fixture.controlPlane.answer('getSpace', new NotFoundError('space "ghost" not found'));

    const result = await platformctl('spaces', 'get', 'ghost', '-o', 'json');

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'platformctl: NOT_FOUND: space "ghost" not found\n',
    });
  });
});
