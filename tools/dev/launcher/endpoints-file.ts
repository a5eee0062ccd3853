import type { PkiPaths } from '@platform/pki';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ServiceKind } from './dev-topology';
import { OPERATOR_TOKEN_FILE, type StatePaths } from './state-paths';

/** One service in `endpoints.json`. */
export interface EndpointEntry {
  name: string;
  kind: ServiceKind;
  pop?: string;
  space?: string;
  /** Null while the service is stopped (on purpose, or waiting for its restart). */
  pid: number | null;
  /** `host:port`. */
  grpc: string;
  /** Base URL of the service's HTTP endpoints, where it has them. */
  http?: string;
}

/** `endpoints.json`: what runs where, for the demo, the tests and people. */
export interface EndpointsFile {
  services: EndpointEntry[];
  monitoringToken: string;
  /** The launcher itself: its pid and its control endpoint (stop and start services). */
  launcher: { pid: number; http: string };
  /** The development clock file every service reads. */
  clockFile: string;
  redis: { url: string; pid: number | null };
  gitopsRemote: string;
}

/** Written atomically (rename), since the demo and the tests read it while services restart. */
export function writeEndpoints(paths: StatePaths, endpoints: EndpointsFile): void {
  const temporary = `${paths.endpoints}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(endpoints, null, 2)}\n`);
  renameSync(temporary, paths.endpoints);
}

/**
 * `platformctl.yaml`: how platformctl reaches the local Central and each PoP's bot detection, with
 * the development token. The bot-detection addresses come from `endpoints.json`, which the launcher
 * has written just before (it lists every running service with its PoP).
 */
export function writePlatformctlConfig(
  paths: StatePaths,
  addresses: { controlPlane: string; releaseOrchestrator: string },
  tls: PkiPaths,
): void {
  const endpoints = JSON.parse(readFileSync(paths.endpoints, 'utf8')) as EndpointsFile;
  const botDetection = endpoints.services
    .filter((service) => service.kind === 'bot-detection' && service.pop)
    .map((service) => `  ${service.pop}: ${service.grpc}`);
  const yaml = [
    '# Written by `npm start`: how platformctl reaches the local platform.',
    `controlPlane: ${addresses.controlPlane}`,
    `releaseOrchestrator: ${addresses.releaseOrchestrator}`,
    ...(botDetection.length > 0 ? ['botDetection: # per PoP', ...botDetection] : []),
    'tls:',
    `  ca: ${tls.caCertPath}`,
    `  cert: ${tls.certPath}`,
    `  key: ${tls.keyPath}`,
    // Minted by every `npm start` from the development key; production tokens come from your IdP.
    `tokenFile: ${OPERATOR_TOKEN_FILE}`,
    '',
  ].join('\n');
  writeFileSync(paths.platformctlConfig, yaml);
}
