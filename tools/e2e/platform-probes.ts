import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE, type Endpoints } from './launched-platform';

const run = promisify(execFile);

/** `platformctl … -o json` against the launched platform, parsed. */
export async function platformctlJson<T>(stateDir: string, args: string[]): Promise<T> {
  const { stdout } = await run(
    process.execPath,
    [
      'tools/bin/platformctl.cjs',
      '--config',
      join(stateDir, 'platformctl.yaml'),
      ...args,
      '-o',
      'json',
    ],
    { cwd: WORKSPACE },
  );
  return JSON.parse(stdout) as T;
}

/** A space-agent's `/status` with the monitoring token. */
export async function agentStatus(
  endpoints: Endpoints,
  name: string,
): Promise<{ release: string; failoverRole: string; connected: boolean }> {
  const agent = endpoints.services.find((service) => service.name === name);
  if (!agent?.http) throw new Error(`${name} is not in endpoints.json`);
  const response = await fetch(`${agent.http}/status`, {
    headers: { authorization: `Bearer ${endpoints.monitoringToken}` },
  });
  if (response.status !== 200) throw new Error(`${name} /status: HTTP ${response.status}`);
  return (await response.json()) as { release: string; failoverRole: string; connected: boolean };
}

/** One commit of the remote's main: its operation trailer and the files it changed. */
export interface RemoteCommit {
  hash: string;
  operation: string;
  files: string[];
}

/** `git log` of the bare gitops remote, newest first. */
export function remoteLog(remote: string): RemoteCommit[] {
  const output = execFileSync(
    'git',
    [
      '--git-dir',
      remote,
      'log',
      '--format=%x1e%H%x1f%(trailers:key=Platform-Operation,valueonly)%x1f',
      '--name-only',
      'main',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  return output
    .split('\x1e')
    .filter((record) => record.trim() !== '')
    .map((record) => {
      const [hash, operation, files] = record.split('\x1f');
      return {
        hash,
        operation: operation.trim(),
        files: files.split('\n').filter((line) => line.trim() !== ''),
      };
    });
}

export function remoteFile(remote: string, path: string): string {
  return execFileSync('git', ['--git-dir', remote, 'show', `main:${path}`], { encoding: 'utf8' });
}
