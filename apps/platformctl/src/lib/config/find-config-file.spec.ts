import { NotFoundError } from '@platform/errors';
import { createTempDir, type TempDir } from '@platform/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigFileError } from './config-file.error';
import { findConfigFile } from './find-config-file';
import type { PlatformctlEnvironment } from './platformctl-environment';

describe(findConfigFile.name, () => {
  let temp: TempDir;
  let cwd: string;
  let home: string;

  const touch = (path: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'controlPlane: 127.0.0.1:7001\n');
    return path;
  };
  const environment = (variables: Record<string, string> = {}): PlatformctlEnvironment => ({
    variables,
    cwd,
    home,
  });

  beforeEach(() => {
    temp = createTempDir('platformctl-config');
    cwd = join(temp.path, 'work');
    home = join(temp.path, 'home');
    mkdirSync(cwd);
    mkdirSync(home);
  });
  afterEach(() => temp.remove());

  it('takes ./.platform/platformctl.yaml, which npm start writes', () => {
    const local = touch(join(cwd, '.platform', 'platformctl.yaml'));
    touch(join(home, '.config', 'platformctl', 'config.yaml'));

    expect(findConfigFile(environment())).toBe(local);
  });

  it('falls back to ~/.config/platformctl/config.yaml', () => {
    const user = touch(join(home, '.config', 'platformctl', 'config.yaml'));

    expect(findConfigFile(environment())).toBe(user);
  });

  it('prefers $PLATFORMCTL_CONFIG, resolved against the working directory', () => {
    touch(join(cwd, '.platform', 'platformctl.yaml'));
    const named = touch(join(cwd, 'ops', 'prod.yaml'));

    expect(findConfigFile(environment({ PLATFORMCTL_CONFIG: 'ops/prod.yaml' }))).toBe(named);
  });

  it('prefers --config over $PLATFORMCTL_CONFIG', () => {
    touch(join(cwd, 'from-variable.yaml'));
    const flagged = touch(join(cwd, 'from-flag.yaml'));

    expect(
      findConfigFile(environment({ PLATFORMCTL_CONFIG: 'from-variable.yaml' }), 'from-flag.yaml'),
    ).toBe(flagged);
  });

  it('fails when $PLATFORMCTL_CONFIG names a missing file, rather than falling through', () => {
    touch(join(cwd, '.platform', 'platformctl.yaml'));

    const find = () => findConfigFile(environment({ PLATFORMCTL_CONFIG: 'gone.yaml' }));

    expect(find).toThrow(ConfigFileError);
    expect(find).toThrow(`${join(cwd, 'gone.yaml')}: PLATFORMCTL_CONFIG: no such file`);
  });

  it('fails when --config names a missing file', () => {
    expect(() => findConfigFile(environment(), '/nowhere/platformctl.yaml')).toThrow(
      '/nowhere/platformctl.yaml: --config: no such file',
    );
  });

  it('names every place it looked when there is no file at all', () => {
    const find = () => findConfigFile(environment());

    expect(find).toThrow(NotFoundError);
    expect(find).toThrow(join(cwd, '.platform', 'platformctl.yaml'));
    expect(find).toThrow(join(home, '.config', 'platformctl', 'config.yaml'));
    expect(find).toThrow('npm start');
  });
});
