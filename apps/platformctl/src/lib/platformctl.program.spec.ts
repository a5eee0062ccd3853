import { CommanderError } from 'commander';
import { buildPlatformctl } from './platformctl.program';

function run(args: string[]): { output: string; exitCode: number } {
  let output = '';
  const program = buildPlatformctl('1.2.3').configureOutput({
    writeOut: (text) => (output += text),
    writeErr: (text) => (output += text),
  });
  try {
    program.parse(args, { from: 'user' });
    return { output, exitCode: 0 };
  } catch (error) {
    if (error instanceof CommanderError) return { output, exitCode: error.exitCode };
    throw error;
  }
}

describe('platformctl', () => {
  it('prints its version', () => {
    expect(run(['--version'])).toEqual({ output: '1.2.3\n', exitCode: 0 });
  });

  it('explains itself with --help', () => {
    const { output, exitCode } = run(['--help']);

    expect(exitCode).toBe(0);
    expect(output).toContain('Usage: platformctl');
    expect(output).toContain('Central, PoPs and Spaces');
  });

  it('rejects an unknown option with an error and the usage', () => {
    const { output, exitCode } = run(['--frobnicate']);

    expect(exitCode).not.toBe(0);
    expect(output).toContain("unknown option '--frobnicate'");
  });
});
