import { ensurePkiDirectory, loadPkiPaths, type WorkloadIdentity } from '@platform/pki';
import { readTlsMaterial } from '@platform/platform-kit';
import { freePort } from '@platform/testing';
import { Listr } from 'listr2';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AgentReconciler } from './agent-reconciler';
import { startControlServer } from './control-server';
import { readOrCreateSecret, writeOperatorToken } from './dev-secrets';
import { fleetOf, platformServices, type DevFleet } from './dev-topology';
import { writeEndpoints, writePlatformctlConfig } from './endpoints-file';
import { FleetWatcher } from './fleet-watcher';
import { parseLauncherOptions } from './launcher-options';
import { ensureLocalGitopsRemote } from './local-gitops-remote';
import { startLocalRedis, type LocalRedis } from './local-redis';
import { readGitopsDirectory } from '@platform/gitops-store';
import { renderTable } from './render-table';
import { ServiceSet } from './service-set';
import { statePaths } from './state-paths';

const workspaceRoot = join(__dirname, '..', '..', '..');
const trustDomain = 'platform.local';
const operator: WorkloadIdentity = { trustDomain, tier: 'operator', name: 'dev' };
/** How often the launcher looks at the gitops remote's main for Spaces that came or went. */
const WATCH_INTERVAL_MS = 1_000;

interface StartContext {
  fleet: DevFleet;
  watcher: FleetWatcher;
  redis: LocalRedis;
  services: ServiceSet;
  health: Map<string, string>;
}

async function main(): Promise<void> {
  const options = parseLauncherOptions(process.argv.slice(2), process.env, workspaceRoot);
  const paths = statePaths(options.stateDir);
  // How paths are printed: relative inside the workspace (`.platform`), absolute elsewhere.
  const inside = relative(workspaceRoot, paths.root);
  const shown = inside === '' || inside.startsWith('..') ? paths.root : inside;
  if (options.fresh) {
    rmSync(paths.root, { recursive: true, force: true });
    say(`--fresh: removed ${shown}/`);
  }
  mkdirSync(paths.logs, { recursive: true });
  const seedDir = join(workspaceRoot, 'gitops');
  const seed = fleetOf(await readGitopsDirectory(seedDir), seedDir);

  const context = {} as StartContext;
  let stopping = false;
  let ready = false;
  const cleanup: Array<() => Promise<void>> = [];
  shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    say(`${reason}: stopping (Spaces, then PoPs, then Central, then redis-server)`);
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    say(`stopped everything; state stays in ${shown}/`);
    process.exit();
  };
  process.on('SIGINT', () => void shutdown?.('SIGINT'));
  process.on('SIGTERM', () => void shutdown?.('SIGTERM'));
  // Services run in their own process groups (see SupervisedProcess): if the launcher exits
  // without the ordered stop (a crash), it takes them along rather than leaving them behind.
  process.on('exit', () => {
    context.services?.killAll();
    context.redis?.process.kill();
  });

  const operatorTlsPaths = () => loadPkiPaths(paths.pki, operator);
  const publish = () => {
    if (!ready) return;
    writeEndpoints(paths, {
      services: context.services.endpoints(),
      monitoringToken,
      launcher: { pid: process.pid, http: controlUrl },
      clockFile: paths.clockFile,
      redis: { url: context.redis.url, pid: context.redis.process.pid ?? null },
      gitopsRemote: paths.gitopsRemote,
    });
  };
  const monitoringToken = readOrCreateSecret(paths.root, 'monitoring-token');
  let controlUrl = '';

  const tasks = new Listr<StartContext>(
    [
      {
        title: 'Development PKI',
        task: async (_, task) => {
          const pki = await ensurePkiDirectory(paths.pki, {
            trustDomain,
            identities: [
              operator,
              ...platformServices(trustDomain, seed.pops).map((s) => s.identity),
            ],
          });
          await writeOperatorToken(paths.operatorToken, operatorTlsPaths());
          task.title =
            pki.changes.length > 0
              ? `Development PKI: created ${pki.changes.length} files in ${shown}/pki`
              : `Development PKI: reusing ${shown}/pki`;
        },
      },
      {
        title: 'gitops remote',
        task: async (ctx, task) => {
          const messages: string[] = [];
          ensureLocalGitopsRemote(paths.root, seedDir, (message) => messages.push(message));
          ctx.watcher = new FleetWatcher({
            remote: paths.gitopsRemote,
            intervalMs: WATCH_INTERVAL_MS,
            onProblem: say,
          });
          // PoPs and Spaces come from the remote's main, not gitops/: a second start runs the
          // Spaces created since.
          const { fleet, commit } = await ctx.watcher.current();
          ctx.fleet = fleet;
          task.title = `gitops remote: ${messages.join('; ').replace(paths.root, shown)} (main at ${commit.slice(0, 12)}: ${fleet.pops.length} PoPs, ${fleet.spaces.length} Spaces)`;
        },
      },
      {
        title: 'redis-server',
        task: async (ctx, task) => {
          ctx.redis = await startLocalRedis(paths.root, say);
          cleanup.push(async () => {
            await ctx.redis.process.stop(15_000);
            say(`stopped redis-server (its AOF stays in ${shown}/redis)`);
          });
          task.title = `redis-server on ${ctx.redis.url} (AOF in ${shown}/redis)`;
        },
      },
      {
        title: 'start services',
        task: async (ctx, task) => {
          const services = platformServices(trustDomain, ctx.fleet.pops);
          // Ports first: Central starts before the PoPs yet must know where their relays listen.
          const ports = new Map<string, number>();
          for (const service of services) ports.set(service.name, await freePort());
          const relays = new Map(
            services
              .filter((service) => service.kind === 'pop-relay' && service.pop)
              .map((relay) => [relay.pop as string, `127.0.0.1:${ports.get(relay.name)}`]),
          );
          const operatorPaths = operatorTlsPaths();
          ctx.services = new ServiceSet({
            workspaceRoot,
            context: {
              paths,
              trustDomain,
              redisUrl: ctx.redis.url,
              monitoringToken,
              botDetectionUserKey: readOrCreateSecret(paths.root, 'bot-detection-user-key'),
              relays,
              seedSpaces: new Set(seed.spaces.map((space) => space.name)),
            },
            healthTls: readTlsMaterial({
              caFile: operatorPaths.caCertPath,
              certFile: operatorPaths.certPath,
              keyFile: operatorPaths.keyPath,
            }),
            say,
            onChange: publish,
          });
          cleanup.push(() =>
            ctx.services.stopAll((name) => say(`stopped ${name}`)).then(() => undefined),
          );
          for (const service of services) await ctx.services.add(service, ports.get(service.name));
          const reconciler = new AgentReconciler({
            services: ctx.services,
            trustDomain,
            pkiDir: paths.pki,
            agentsDir: paths.agents,
            relayPops: new Set(relays.keys()),
            say,
          });
          await reconciler.apply(ctx.fleet);
          ctx.watcher.start(async (fleet, commit) => {
            if (stopping) return;
            const { started, stopped } = await reconciler.apply(fleet);
            for (const name of stopped) say(`${name}: its Space was deleted; agent stopped`);
            for (const name of started) {
              const entry = ctx.services.find(name);
              say(
                `${name}: new Space in ${commit.slice(0, 12)}; agent started (pid ${entry?.process.pid})`,
              );
              if (entry)
                ctx.services.waitServing(entry).then(
                  () => say(`${name} is SERVING on ${entry.address} (${entry.http})`),
                  (error: Error) => say(error.message),
                );
            }
          });
          cleanup.push(() => ctx.watcher.stop());
          task.title = `started ${ctx.services.list().length} services (Central, ${ctx.fleet.pops.length} PoPs, ${ctx.services.list().length - services.length} Space agents), mutual TLS`;
        },
      },
      {
        title: 'wait for health',
        task: async (ctx, task) => {
          ctx.health = new Map();
          const all = ctx.services.list();
          let serving = 0;
          await Promise.all(
            all.map((entry) =>
              ctx.services.waitServing(entry).then(
                () => {
                  ctx.health.set(entry.service.name, 'SERVING');
                  serving += 1;
                  task.output = `${serving}/${all.length} SERVING`;
                },
                (error: Error) => ctx.health.set(entry.service.name, `unhealthy: ${error.message}`),
              ),
            ),
          );
          task.title = `health: ${serving}/${all.length} services SERVING`;
        },
      },
    ],
    {
      // The default renderer redraws in a terminal; without one (CI, tests) listr2 falls back to
      // the simple renderer, one line per step.
      renderer: 'default',
      fallbackRenderer: 'simple',
      exitOnError: true,
      ctx: context,
    },
  );
  await tasks.run();

  const control = await startControlServer(context.services, say);
  cleanup.push(() => new Promise((resolve) => control.server.close(() => resolve())));
  controlUrl = control.url;
  ready = true;
  publish();
  const find = (name: string) => context.services.find(name)?.address ?? '';
  writePlatformctlConfig(
    paths,
    { controlPlane: find('control-plane'), releaseOrchestrator: find('release-orchestrator') },
    operatorTlsPaths(),
  );
  printSummary(context, shown, control.url);
}

function printSummary(context: StartContext, shown: string, controlUrl: string): void {
  const rows = context.services
    .list()
    .map(({ service, address, process: child }) => [
      service.name,
      service.tier,
      address,
      context.health.get(service.name) ?? '-',
      String(child.pid ?? '-'),
    ]);
  const unhealthy = rows.filter((row) => row[3] !== 'SERVING').length;
  const config = shown === '.platform' ? '' : ` --config ${shown}/platformctl.yaml`;
  const demo = shown === '.platform' ? '' : ` -- --state-dir ${shown}`;
  process.stdout.write(
    [
      '',
      renderTable(['service', 'tier', 'address', 'health', 'pid'], rows),
      '',
      unhealthy === 0
        ? `All ${rows.length} services are SERVING (mutual TLS, CA in ${shown}/pki).`
        : `${unhealthy} of ${rows.length} services are not healthy: see ${shown}/logs/<service>.log`,
      '',
      `Try (platformctl reads ${shown}/platformctl.yaml and its development admin token):`,
      `  npx platformctl${config} spaces list`,
      `  npx platformctl${config} channels`,
      `  npx platformctl${config} train --dry-run`,
      `Guided demo (a week of releases in a few minutes): npm run demo${demo}`,
      `Logs: ${shown}/logs/<service>.log   Endpoints: ${shown}/endpoints.json   Clock: ${shown}/clock.json`,
      `Control: curl -X POST ${controlUrl}/services/control-plane/stop (or /start)`,
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/** Stops what runs, in order, and exits; set once the launcher can start anything. */
let shutdown: ((reason: string) => Promise<void>) | undefined;

function say(message: string): void {
  process.stdout.write(`[platform] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
  // Stop whatever already runs, so nothing is left behind.
  if (shutdown) void shutdown('start failed');
  else process.exit();
});
