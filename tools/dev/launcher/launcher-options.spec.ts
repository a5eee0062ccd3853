import { parseLauncherOptions } from './launcher-options';

describe(parseLauncherOptions.name, () => {
  const root = '/work/repo';

  it('keeps state in .platform/ of the workspace by default', () => {
    expect(parseLauncherOptions([], {}, root)).toEqual({
      fresh: false,
      stateDir: '/work/repo/.platform',
    });
  });

  it('takes --state-dir (both spellings) over $PLATFORM_DEV_STATE_DIR, and --fresh', () => {
    const env = { PLATFORM_DEV_STATE_DIR: '/tmp/from-env' };
    expect(parseLauncherOptions([], env, root).stateDir).toBe('/tmp/from-env');
    expect(parseLauncherOptions(['--state-dir', '/tmp/a', '--fresh'], env, root)).toEqual({
      fresh: true,
      stateDir: '/tmp/a',
    });
    expect(parseLauncherOptions(['--state-dir=/tmp/b'], env, root).stateDir).toBe('/tmp/b');
  });

  it('ignores the agent’s own PLATFORM_STATE_DIR', () => {
    expect(parseLauncherOptions([], { PLATFORM_STATE_DIR: '/tmp/agent' }, root).stateDir).toBe(
      '/work/repo/.platform',
    );
  });

  it('refuses an unknown option or a missing directory with the usage', () => {
    expect(() => parseLauncherOptions(['--fast'], {}, root)).toThrow(
      /unknown option --fast; usage: npm start -- \[--fresh\] \[--state-dir <dir>\]/,
    );
    expect(() => parseLauncherOptions(['--state-dir'], {}, root)).toThrow(
      /--state-dir needs a directory/,
    );
  });
});
