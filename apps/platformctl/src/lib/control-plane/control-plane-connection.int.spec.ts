import { UnauthenticatedError } from '@platform/errors';
import { createTestPki, freePort, type TestPki } from '@platform/testing';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  startControlPlaneFixture,
  type ControlPlaneFixture,
} from '../../test/control-plane-fixture';
import { aPop } from '../../test/fleet-examples';

const repositoryRoot = join(__dirname, '..', '..', '..', '..', '..');

describe('platformctl talking to the control plane', () => {
  let fixture: ControlPlaneFixture;
  let otherPki: TestPki;

  beforeAll(async () => {
    fixture = await startControlPlaneFixture();
    otherPki = await createTestPki();
  });
  afterAll(async () => {
    await fixture.stop();
    otherPki.remove();
  });
  beforeEach(() => {
    fixture.controlPlane.reset();
    fixture.controlPlane.answer('getPop', { pop: aPop() });
  });

  const authorizationSent = () => fixture.controlPlane.callsOf('getPop')[0]?.authorization;

  describe('the bearer token', () => {
    it('comes from the configuration', async () => {
      const config = fixture.writeConfig({ ...fixture.baseConfig(), token: 'from-config' });

      await fixture.run(['--config', config, 'pops', 'get', 'aws-us-east-1']);

      expect(authorizationSent()).toBe('Bearer from-config');
    });

    it('comes from tokenFile, relative to the configuration file', async () => {
      mkdirSync(join(fixture.dir, 'secrets'), { recursive: true });
      writeFileSync(join(fixture.dir, 'secrets', 'token'), 'from-file\n');
      const config = fixture.writeConfig({ ...fixture.baseConfig(), tokenFile: 'secrets/token' });

      await fixture.run(['--config', config, 'pops', 'get', 'aws-us-east-1']);

      expect(authorizationSent()).toBe('Bearer from-file');
    });

    it('is overridden by $PLATFORMCTL_TOKEN, and that by --token', async () => {
      const config = fixture.writeConfig({ ...fixture.baseConfig(), token: 'from-config' });

      await fixture.run(['--config', config, 'pops', 'get', 'aws-us-east-1'], {
        PLATFORMCTL_TOKEN: 'from-env',
      });
      await fixture.run(
        ['pops', 'get', 'aws-us-east-1', '--config', config, '--token', 'from-flag'],
        { PLATFORMCTL_TOKEN: 'from-env' },
      );

      expect(fixture.controlPlane.callsOf('getPop').map((call) => call.authorization)).toEqual([
        'Bearer from-env',
        'Bearer from-flag',
      ]);
    });

    it('is left out when none is configured', async () => {
      const config = fixture.writeConfig(fixture.baseConfig());

      const result = await fixture.run(['--config', config, 'pops', 'get', 'aws-us-east-1']);

      expect(result.code).toBe(0);
      expect(authorizationSent()).toBeUndefined();
    });
  });

  it('finds the configuration through $PLATFORMCTL_CONFIG and then ./.platform/platformctl.yaml', async () => {
    mkdirSync(join(fixture.dir, '.platform'), { recursive: true });
    writeFileSync(
      join(fixture.dir, '.platform', 'platformctl.yaml'),
      stringify({ ...fixture.baseConfig(), token: 'from-cwd' }),
    );
    const named = fixture.writeConfig(
      { ...fixture.baseConfig(), token: 'from-variable' },
      'named.yaml',
    );

    await fixture.run(['pops', 'get', 'aws-us-east-1'], { PLATFORMCTL_CONFIG: named });
    await fixture.run(['pops', 'get', 'aws-us-east-1']);

    expect(fixture.controlPlane.callsOf('getPop').map((call) => call.authorization)).toEqual([
      'Bearer from-variable',
      'Bearer from-cwd',
    ]);
  });

  it('prints UNAUTHENTICATED from the server in one line with exit code 1', async () => {
    fixture.controlPlane.answer('getPop', new UnauthenticatedError('missing bearer token'));
    const config = fixture.writeConfig(fixture.baseConfig());

    const result = await fixture.run(['--config', config, 'pops', 'get', 'aws-us-east-1']);

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'platformctl: UNAUTHENTICATED: missing bearer token\n',
    });
  });

  it('gives up after --timeout seconds with DEADLINE_EXCEEDED', async () => {
    fixture.controlPlane.answer('getPop', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return { pop: aPop() };
    });
    const config = fixture.writeConfig(fixture.baseConfig());
    const started = Date.now();

    const result = await fixture.run([
      '--config',
      config,
      '--timeout',
      '0.3',
      'pops',
      'get',
      'aws-us-east-1',
    ]);

    expect(Date.now() - started).toBeLessThan(1_400);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^platformctl: DEADLINE_EXCEEDED: [^\n]+\n$/);
  });

  it('names the address and `npm start` when nothing listens there', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const config = fixture.writeConfig({ ...fixture.baseConfig(), controlPlane: address });

    const result = await fixture.run(['--config', config, 'pops', 'list']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^platformctl: UNAVAILABLE: cannot reach the control plane at ${address} \\(from controlPlane in ${config}\\): [^\\n]*; check that it runs \\(\`npm start\` runs the local platform\\)\\n$`,
      ),
    );
  });

  it('does not trust a control plane whose certificate comes from another CA', async () => {
    const stranger = await otherPki.issue(otherPki.operator('alice'));
    const config = fixture.writeConfig({
      ...fixture.baseConfig(),
      tls: { ca: stranger.caFile, cert: stranger.certFile, key: stranger.keyFile },
    });

    const result = await fixture.run(['--config', config, 'pops', 'list']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^platformctl: UNAVAILABLE: cannot reach the control plane at [^\n]+\n$/,
    );
    expect(fixture.controlPlane.calls).toEqual([]);
  });

  it('prints exactly one line on stderr as a process, too', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const config = fixture.writeConfig({ ...fixture.baseConfig(), controlPlane: address });

    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          join(repositoryRoot, 'tools', 'bin', 'platformctl.cjs'),
          '--config',
          config,
          'pops',
          'list',
        ],
        { cwd: fixture.dir, env: { PATH: process.env['PATH'] ?? '' } },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
      );
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^platformctl: UNAVAILABLE: cannot reach the control plane at [^\n]+\n$/,
    );
  });
});
