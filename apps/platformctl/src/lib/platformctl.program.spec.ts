import { runPlatformctl } from './platformctl.program';

async function run(...argv: string[]): Promise<{ output: string; exitCode: number }> {
  let output = '';
  const collect = (text: string) => void (output += text);
  const exitCode = await runPlatformctl(argv, '1.2.3', { stdout: collect, stderr: collect });
  return { output, exitCode };
}

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
});
