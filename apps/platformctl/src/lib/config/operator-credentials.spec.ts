import {
  createTempDir,
  createTestPki,
  type TempDir,
  type TestPki,
  type TestWorkloadTls,
} from '@platform/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOperatorCredentials } from './operator-credentials';
import type { PlatformctlConfig } from './platformctl-config';

describe(loadOperatorCredentials.name, () => {
  let pki: TestPki;
  let operator: TestWorkloadTls;
  let temp: TempDir;

  beforeAll(async () => {
    pki = await createTestPki();
    operator = await pki.issue(pki.operator('alice'));
  });
  afterAll(() => pki.remove());
  beforeEach(() => (temp = createTempDir('platformctl-credentials')));
  afterEach(() => temp.remove());

  const config = (extra: Partial<PlatformctlConfig> = {}): PlatformctlConfig => ({
    file: '/ops/platformctl.yaml',
    controlPlane: '127.0.0.1:7001',
    tls: { ca: operator.caFile, cert: operator.certFile, key: operator.keyFile },
    ...extra,
  });
  const tokenOf = (
    extra: Partial<PlatformctlConfig>,
    overrides: { tokenFlag?: string; variables?: Record<string, string> } = {},
  ) =>
    loadOperatorCredentials(config(extra), {
      tokenFlag: overrides.tokenFlag,
      variables: overrides.variables ?? {},
    }).token;

  it('reads the CA, certificate and key', () => {
    const credentials = loadOperatorCredentials(config(), { variables: {} });

    expect(credentials.tls).toEqual({ ca: operator.ca, cert: operator.cert, key: operator.key });
    expect(credentials.token).toBeUndefined();
  });

  it('takes --token over $PLATFORMCTL_TOKEN over token over tokenFile', () => {
    const tokenFile = join(temp.path, 'token');
    writeFileSync(tokenFile, '  from-file\n');

    expect(tokenOf({ tokenFile })).toBe('from-file');
    expect(tokenOf({ token: 'from-config' })).toBe('from-config');
    expect(
      tokenOf({ token: 'from-config' }, { variables: { PLATFORMCTL_TOKEN: 'from-env' } }),
    ).toBe('from-env');
    expect(
      tokenOf(
        { token: 'from-config' },
        { tokenFlag: 'from-flag', variables: { PLATFORMCTL_TOKEN: 'from-env' } },
      ),
    ).toBe('from-flag');
  });

  it('ignores an empty $PLATFORMCTL_TOKEN', () => {
    expect(tokenOf({ token: 'from-config' }, { variables: { PLATFORMCTL_TOKEN: '' } })).toBe(
      'from-config',
    );
  });

  it('names the field of a file it cannot read', () => {
    const missing = join(temp.path, 'nope.key');

    expect(() =>
      loadOperatorCredentials(config({ tls: { ...config().tls, key: missing } }), {
        variables: {},
      }),
    ).toThrow(`/ops/platformctl.yaml: tls.key: cannot read ${missing} (ENOENT)`);
    expect(() => tokenOf({ tokenFile: missing })).toThrow(
      `/ops/platformctl.yaml: tokenFile: cannot read ${missing} (ENOENT)`,
    );
  });

  it('names the field of a file that is not PEM, or a key given as the certificate', () => {
    const garbage = join(temp.path, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate');

    expect(() =>
      loadOperatorCredentials(config({ tls: { ...config().tls, ca: garbage } }), { variables: {} }),
    ).toThrow(`/ops/platformctl.yaml: tls.ca: ${garbage} is not a PEM certificate`);
    expect(() =>
      loadOperatorCredentials(config({ tls: { ...config().tls, cert: operator.keyFile } }), {
        variables: {},
      }),
    ).toThrow(`tls.cert: ${operator.keyFile} is not a PEM certificate`);
  });

  it('refuses an empty token file', () => {
    const tokenFile = join(temp.path, 'token');
    writeFileSync(tokenFile, '\n');

    expect(() => tokenOf({ tokenFile })).toThrow(`tokenFile: ${tokenFile} is empty`);
  });
});
