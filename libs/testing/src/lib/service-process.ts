import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { waitForExit } from './child-process';

export interface ServiceProcess {
  child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | NodeJS.Signals>;
  exited: Promise<number | NodeJS.Signals>;
}

const workspaceRoot = join(__dirname, '..', '..', '..', '..');

export interface SpawnServiceOptions {
  /**
   * Run the compiled service from this `npm run build` output (inside the workspace, so its
   * `node_modules` resolve), as the image does, instead of compiling the source on the fly.
   */
  builtInto?: string;
}

/**
 * Starts a service's `main.ts` as its own process, from source, exactly as `npm start` does
 * (or from a build, see {@link SpawnServiceOptions}), with `env` added to a minimal environment.
 */
export function spawnService(
  entry: string,
  env: Record<string, string>,
  options: SpawnServiceOptions = {},
): ServiceProcess {
  const command = options.builtInto
    ? [join(options.builtInto, entry.replace(/\.ts$/, '.js'))]
    : [join(workspaceRoot, 'tools/bin/run-ts.cjs'), join(workspaceRoot, entry)];
  const child = spawn(process.execPath, command, {
    cwd: workspaceRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = waitForExit(child);
  return {
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
