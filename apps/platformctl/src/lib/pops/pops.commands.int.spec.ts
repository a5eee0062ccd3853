import { commonV1alpha1 as common } from '@platform/contracts';
import { FailedPreconditionError } from '@platform/errors';
import { parse } from 'yaml';
import {
  startControlPlaneFixture,
  type ControlPlaneFixture,
} from '../../test/control-plane-fixture';
import { aChange, aPop, COMMIT } from '../../test/fleet-examples';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('platformctl pops', () => {
  let fixture: ControlPlaneFixture;
  let config: string;

  beforeAll(async () => {
    fixture = await startControlPlaneFixture();
    config = fixture.writeConfig({ ...fixture.baseConfig(), token: 'jwt-of-alice' });
  });
  afterAll(() => fixture.stop());
  beforeEach(() => fixture.controlPlane.reset());

  const platformctl = (...argv: string[]) => fixture.run(['--config', config, ...argv]);

  it('lists every PoP across pages as an aligned table', async () => {
    fixture.controlPlane.answer('listPops', {
      pops: [
        aPop(),
        aPop({ name: 'gcp-europe-west1', cloud: common.Cloud.CLOUD_GCP, region: 'europe-west1' }),
      ],
      nextPageToken: '',
    });

    const result = await platformctl('pops', 'list');

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.split('\n')).toEqual([
      'NAME              CLOUD  REGION        CHANNEL  RELEASE',
      'aws-us-east-1     aws    us-east-1     prod     2025.06.1',
      'gcp-europe-west1  gcp    europe-west1  prod     2025.06.1',
      '',
    ]);
    expect(fixture.controlPlane.callsOf('listPops')).toEqual([
      expect.objectContaining({ request: { pageSize: 0, pageToken: '' } }),
    ]);
  });

  it('follows next_page_token until the last page', async () => {
    fixture.controlPlane.answer('listPops', (request) =>
      request.pageToken === ''
        ? { pops: [aPop()], nextPageToken: 'page-2' }
        : { pops: [aPop({ name: 'azure-eastus' })], nextPageToken: '' },
    );

    const result = await platformctl('pops', 'list', '-o', 'json');

    expect(JSON.parse(result.stdout).pops.map((pop: { name: string }) => pop.name)).toEqual([
      'aws-us-east-1',
      'azure-eastus',
    ]);
    expect(fixture.controlPlane.callsOf('listPops').map((call) => call.request.pageToken)).toEqual([
      '',
      'page-2',
    ]);
  });

  it('gets one PoP as YAML with human values', async () => {
    fixture.controlPlane.answer('getPop', { pop: aPop() });

    const result = await platformctl('pops', 'get', 'aws-us-east-1', '-o', 'yaml');

    expect(result.code).toBe(0);
    expect(parse(result.stdout)).toEqual({
      pop: {
        name: 'aws-us-east-1',
        cloud: 'aws',
        region: 'us-east-1',
        channel: 'prod',
        release: '2025.06.1',
      },
    });
    expect(fixture.controlPlane.callsOf('getPop')[0]?.request).toEqual({ name: 'aws-us-east-1' });
  });

  it('creates a PoP with the proto enums, a fresh request id and the bearer token, and prints the commit', async () => {
    fixture.controlPlane.answer('createPop', {
      pop: aPop({ name: 'aws-eu-west-1', region: 'eu-west-1' }),
      change: aChange(),
    });

    const result = await platformctl(
      'pops',
      'create',
      'aws-eu-west-1',
      '--cloud',
      'aws',
      '--region',
      'eu-west-1',
      '--channel',
      'prod',
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Created PoP aws-eu-west-1.');
    expect(result.stdout).toMatch(new RegExp(`^commit: +${COMMIT}$`, 'm'));
    const [call] = fixture.controlPlane.callsOf('createPop');
    expect(call?.request).toEqual({
      requestId: expect.stringMatching(UUID),
      name: 'aws-eu-west-1',
      cloud: 'CLOUD_AWS',
      region: 'eu-west-1',
      channel: 'CHANNEL_PROD',
    });
    expect(call?.authorization).toBe('Bearer jwt-of-alice');
    expect(call?.caller).toBe(`spiffe://${fixture.pki.trustDomain}/operator/alice`);
  });

  it('sends a new request id for each mutation unless --request-id repeats one', async () => {
    fixture.controlPlane.answer('createPop', { pop: aPop(), change: aChange() });
    const create = ['pops', 'create', 'aws-us-east-1', '--cloud', 'aws', '--region', 'us-east-1'];

    await platformctl(...create, '--channel', 'prod');
    await platformctl(...create, '--channel', 'prod');
    await platformctl(...create, '--channel', 'prod', '--request-id', 'retry-me');
    await platformctl(...create, '--channel', 'prod', '--request-id', 'retry-me');

    const ids = fixture.controlPlane.callsOf('createPop').map((call) => call.request.requestId);
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids.slice(2)).toEqual(['retry-me', 'retry-me']);
  });

  it('prints a created PoP as JSON with its change', async () => {
    fixture.controlPlane.answer('createPop', { pop: aPop(), change: aChange() });

    const result = await platformctl(
      'pops',
      'create',
      'aws-us-east-1',
      '--cloud',
      'aws',
      '--region',
      'us-east-1',
      '--channel',
      'prod',
      '-o',
      'json',
    );

    expect(JSON.parse(result.stdout)).toEqual({
      pop: {
        name: 'aws-us-east-1',
        cloud: 'aws',
        region: 'us-east-1',
        channel: 'prod',
        release: '2025.06.1',
      },
      change: { commit: COMMIT, directiveIds: [] },
    });
  });

  it('refuses to delete without --yes, with a usage error and no call', async () => {
    const result = await platformctl('pops', 'delete', 'aws-us-east-1');

    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'platformctl: refusing to delete PoP "aws-us-east-1" without --yes\n',
    });
    expect(fixture.controlPlane.calls).toEqual([]);
  });

  it('deletes with --yes and prints the commit', async () => {
    fixture.controlPlane.answer('deletePop', { change: aChange() });

    const result = await platformctl(
      'pops',
      'delete',
      'aws-us-east-1',
      '--yes',
      '--request-id',
      'r-1',
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `Deleted PoP aws-us-east-1.\ncommit:      ${COMMIT}\ndirectives:  -\n`,
    );
    expect(fixture.controlPlane.callsOf('deletePop')[0]?.request).toEqual({
      requestId: 'r-1',
      name: 'aws-us-east-1',
    });
  });

  it('turns a refusal of the server into one line and exit code 1', async () => {
    fixture.controlPlane.answer(
      'deletePop',
      new FailedPreconditionError('pop "aws-us-east-1" still hosts 3 Spaces'),
    );

    const result = await platformctl('pops', 'delete', 'aws-us-east-1', '--yes');

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'platformctl: FAILED_PRECONDITION: pop "aws-us-east-1" still hosts 3 Spaces\n',
    });
  });

  it('rejects an unknown cloud before calling anything', async () => {
    const result = await platformctl(
      'pops',
      'create',
      'x',
      '--cloud',
      'ibm',
      '--region',
      'r',
      '--channel',
      'prod',
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--cloud <cloud>' argument 'ibm' is invalid");
    expect(fixture.controlPlane.calls).toEqual([]);
  });
});
