import { createTempDir, type TempDir } from '@platform/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformctlEnvironment } from './config/platformctl-environment';
import { runPlatformctl } from './platformctl.program';

let temp: TempDir;
let environment: PlatformctlEnvironment;

beforeEach(() => {
  temp = createTempDir('platformctl-program');
  environment = { variables: {}, cwd: temp.path, home: temp.path };
});
afterEach(() => temp.remove());

async function run(...argv: string[]): Promise<{ output: string; exitCode: number }> {
  let output = '';
  const collect = (text: string) => void (output += text);
  const exitCode = await runPlatformctl(
    argv,
    '1.2.3',
    { stdout: collect, stderr: collect },
    environment,
  );
  return { output, exitCode };
}

const fleetCommands: [group: string, command: string][] = [
  ['pops', 'list'],
  ['pops', 'get'],
  ['pops', 'create'],
  ['pops', 'delete'],
  ['spaces', 'list'],
  ['spaces', 'get'],
  ['spaces', 'create'],
  ['spaces', 'update'],
  ['spaces', 'scale'],
  ['spaces', 'failover'],
  ['spaces', 'delete'],
];

describe('platformctl', () => {
  it('prints its version', async () => {
    expect(await run('--version')).toEqual({ output: '1.2.3\n', exitCode: 0 });
  });

  it('explains itself with --help', async () => {
    const { output, exitCode } = await run('--help');

    expect(exitCode).toBe(0);
    expect(output).toContain('Usage: platformctl');
    expect(output).toContain('gitops');
  });

  it('has --help on every gitops command', async () => {
    for (const command of ['render', 'check']) {
      const { output, exitCode } = await run('gitops', command, '--help');

      expect(exitCode).toBe(0);
      expect(output).toContain(`Usage: platformctl gitops ${command}`);
      expect(output).toContain('--dir <dir>');
    }
  });

  it('rejects an unknown option with the usage and exit code 2', async () => {
    const { output, exitCode } = await run('--frobnicate');

    expect(exitCode).toBe(2);
    expect(output).toContain("unknown option '--frobnicate'");
  });

  it('names the global options for reaching a server', async () => {
    const { output } = await run('--help');

    expect(output).toContain('--config <file>');
    expect(output).toContain('--token <jwt>');
    expect(output).toContain('--timeout <seconds>');
    expect(output).toMatch(/pops\s/);
    expect(output).toMatch(/spaces\s/);
  });

  it.each(fleetCommands)('has --help with examples and -o on %s %s', async (group, command) => {
    const { output, exitCode } = await run(group, command, '--help');

    expect(exitCode).toBe(0);
    expect(output).toContain(`Usage: platformctl ${group} ${command}`);
    expect(output).toContain('-o, --output <format>');
    expect(output).toMatch(new RegExp(`Examples:\\n  \\$ platformctl ${group} ${command}`));
  });

  it('offers --request-id on every mutation', async () => {
    const mutations = fleetCommands.filter(([, name]) => !['list', 'get'].includes(name));
    for (const [group, command] of mutations) {
      expect((await run(group, command, '--help')).output).toContain('--request-id <id>');
    }
  });

  it('rejects a timeout that is not a positive number as a usage error', async () => {
    const { output, exitCode } = await run('--timeout', 'soon', 'pops', 'list');

    expect(exitCode).toBe(2);
    expect(output).toContain('expected a positive number of seconds');
  });

  it('says in one line where it looked when no configuration exists, and exits 1', async () => {
    const { output, exitCode } = await run('pops', 'list');

    expect(exitCode).toBe(1);
    expect(output).toMatch(/^platformctl: no configuration file: tried [^\n]+\n$/);
  });

  it('names the file and the field of a bad configuration, and exits 1', async () => {
    const file = join(temp.path, 'bad.yaml');
    writeFileSync(file, 'controlPlane: nowhere\n');

    const { output, exitCode } = await run('--config', file, 'spaces', 'list');

    expect(exitCode).toBe(1);
    expect(output).toBe(
      `platformctl: ${file}: controlPlane: expected host:port, for example 127.0.0.1:7001\n`,
    );
  });
});
