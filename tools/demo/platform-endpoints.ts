import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One service of `endpoints.json` (written by `npm start`). */
export interface ServiceEndpoint {
  name: string;
  kind: string;
  pop?: string;
  space?: string;
  pid: number | null;
  grpc: string;
  http?: string;
}

export interface PlatformEndpoints {
  services: ServiceEndpoint[];
  monitoringToken: string;
  launcher: { pid: number; http: string };
  clockFile: string;
  redis: { url: string; pid: number | null };
  gitopsRemote: string;
}

/** The platform is not running in the state directory (or not reachable). */
export class PlatformNotRunningError extends Error {}

/** Reads `<state>/endpoints.json`; refuses when the launcher that wrote it is gone. */
export function readEndpoints(stateDir: string): PlatformEndpoints {
  const file = join(stateDir, 'endpoints.json');
  const notRunning = (why: string) =>
    new PlatformNotRunningError(
      `the platform is not running (${why}): start it with npm start${stateDir.endsWith('/.platform') ? '' : ` -- --state-dir ${stateDir}`}`,
    );
  if (!existsSync(file)) throw notRunning(`no ${file}`);
  const endpoints = JSON.parse(readFileSync(file, 'utf8')) as PlatformEndpoints;
  if (!endpoints.launcher || !isAlive(endpoints.launcher.pid)) {
    throw notRunning(`the launcher that wrote ${file} is gone`);
  }
  return endpoints;
}

export function isAlive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
