import { loadPkiPaths } from '@platform/pki';
import { freePort } from '@platform/testing';
import { join } from 'node:path';
import { agentStateFolder, type DevService } from './dev-topology';
import type { StatePaths } from './state-paths';

/** What every service of one `npm start` shares. */
export interface LaunchContext {
  paths: StatePaths;
  trustDomain: string;
  redisUrl: string;
  monitoringToken: string;
  botDetectionUserKey: string;
  /** `host:port` of each PoP's relay, by PoP (known before Central starts). */
  relays: ReadonlyMap<string, string>;
  /** The example fleet's Spaces (the seed): their agents start from the Space file's values. */
  seedSpaces: ReadonlySet<string>;
}

/** How a service is started: its variables, and the HTTP base URL where it has one. */
export interface ServiceLaunch {
  grpcPort: number;
  env: Record<string, string>;
  http?: string;
}

/** Scheduler tick of the local orchestrator: short, so an accelerated clock's windows are seen. */
const SCHEDULER_TICK_MS = 1_000;

/** The variables of one service: the common ones (port, mTLS, clock) and its kind's own. */
export async function serviceLaunch(
  service: DevService,
  context: LaunchContext,
  grpcPort: number,
): Promise<ServiceLaunch> {
  const tls = loadPkiPaths(context.paths.pki, service.identity);
  const common = {
    PLATFORM_GRPC_PORT: String(grpcPort),
    PLATFORM_TLS_CA_FILE: tls.caCertPath,
    PLATFORM_TLS_CERT_FILE: tls.certPath,
    PLATFORM_TLS_KEY_FILE: tls.keyPath,
    PLATFORM_TRUST_DOMAIN: context.trustDomain,
    // One time line for every service, so the orchestrator opening a window and the agent
    // checking it agree (npm run demo moves it).
    PLATFORM_CLOCK_FILE: context.paths.clockFile,
  };
  const own = await ownEnvironment(service, context, tls.operatorIssuersPath);
  return { grpcPort, env: { ...common, ...own.env }, http: own.http };
}

async function ownEnvironment(
  service: DevService,
  context: LaunchContext,
  operatorIssuersPath: string,
): Promise<{ env: Record<string, string>; http?: string }> {
  const { paths } = context;
  if (service.kind === 'bot-detection' && service.pop) {
    const httpPort = await freePort();
    return {
      http: `http://127.0.0.1:${httpPort}`,
      env: {
        PLATFORM_REDIS_URL: context.redisUrl,
        PLATFORM_POP: service.pop,
        // Development only: any Space certificate of the local CA may ask (Spaces come and go
        // through the control plane while npm start runs).
        PLATFORM_BOT_DETECTION_SPACES: '*',
        PLATFORM_BOT_DETECTION_USER_KEY: context.botDetectionUserKey,
        PLATFORM_HTTP_PORT: String(httpPort),
      },
    };
  }
  if (service.kind === 'pop-relay' && service.pop) {
    return {
      env: {
        PLATFORM_REDIS_URL: context.redisUrl,
        PLATFORM_POP: service.pop,
        // A bounded heap keeps RSS flat across broadcasts (see apps/pop-relay/README.md, Memory).
        NODE_OPTIONS: '--max-old-space-size=512 --max-semi-space-size=4',
      },
    };
  }
  if (service.kind === 'control-plane' || service.kind === 'release-orchestrator') {
    // Both Central services write the same gitops repository, each from its own clone.
    return {
      env: {
        PLATFORM_REDIS_URL: context.redisUrl,
        PLATFORM_GITOPS_REMOTE: paths.gitopsRemote,
        PLATFORM_GITOPS_WORKDIR: join(paths.root, service.kind, 'gitops'),
        PLATFORM_DIRECTIVE_SIGNING_KEY_FILE: join(paths.pki, 'directive-signing.key'),
        PLATFORM_OPERATOR_ISSUERS_FILE: operatorIssuersPath,
        PLATFORM_RELAYS: [...context.relays].map(([pop, address]) => `${pop}=${address}`).join(','),
        ...(service.kind === 'release-orchestrator'
          ? { PLATFORM_SCHEDULER_TICK_MS: String(SCHEDULER_TICK_MS) }
          : {}),
      },
    };
  }
  if (service.kind === 'space-agent' && service.space && service.pop) {
    const space = service.space;
    const httpPort = await freePort();
    // The example fleet's Spaces were never created through the control plane, so no directive
    // tells their agents where they start; Spaces created later learn it from their directives
    // (an initial release would make the create's AcceptRelease look like a skipped step).
    const initial: Record<string, string> = context.seedSpaces.has(space.name)
      ? {
          PLATFORM_INITIAL_RELEASE: space.release,
          PLATFORM_INITIAL_TIER: space.tier,
          PLATFORM_INITIAL_MAINTENANCE_WINDOW: space.window,
        }
      : {};
    return {
      http: `http://127.0.0.1:${httpPort}`,
      env: {
        PLATFORM_SPACE: space.name,
        ...initial,
        PLATFORM_RELAY_ADDRESS: context.relays.get(service.pop) ?? '',
        PLATFORM_STATE_DIR: join(paths.agents, agentStateFolder(service)),
        PLATFORM_HTTP_PORT: String(httpPort),
        PLATFORM_MONITORING_TOKEN: context.monitoringToken,
        // The PKI directory holds Central's directive-signing.pub, the one key agents trust.
        PLATFORM_DIRECTIVE_KEYS: paths.pki,
      },
    };
  }
  return { env: {} };
}
