import { Listr } from 'listr2';
import { join } from 'node:path';
import { DemoRun } from './demo-run';
import type { DemoStep } from './demo-step';
import { parseDemoOptions } from './demo-options';
import { summaryTable, writeJsonResults, type StepResult } from './demo-summary';
import { PlatformNotRunningError } from './platform-endpoints';
import { centralOutageStep } from './steps/central-outage.step';
import { createSpaceStep } from './steps/create-space.step';
import { failoverStep } from './steps/failover.step';
import { maintenanceWindowsStep } from './steps/maintenance-windows.step';
import { publishReleaseStep } from './steps/publish-release.step';
import { rollbackStep } from './steps/rollback.step';
import { runTrainStep } from './steps/run-train.step';

const workspaceRoot = join(__dirname, '..', '..');

/** The guided demo, in order: each step builds on the one before. */
const STEPS: readonly DemoStep[] = [
  createSpaceStep,
  publishReleaseStep,
  runTrainStep,
  maintenanceWindowsStep,
  centralOutageStep,
  rollbackStep,
  failoverStep,
];

async function main(): Promise<number> {
  const options = parseDemoOptions(process.argv.slice(2), process.env, workspaceRoot);
  const run = new DemoRun(options.stateDir, options.rate);
  const started = Date.now();
  const results: StepResult[] = STEPS.map((step) => ({
    step: step.name,
    result: 'not run',
    detail: '',
    seconds: 0,
    lines: [],
  }));
  try {
    await ensureCentralRuns(run);
    const tasks = new Listr(
      STEPS.map((step, index) => ({
        title: `${String.fromCharCode(97 + index)}. ${step.name}`,
        rendererOptions: { persistentOutput: true, bottomBar: Infinity },
        task: async (_: unknown, task: { output: string; title: string }) => {
          const result = results[index];
          const stepStarted = Date.now();
          try {
            result.detail = await step.run(run, (line) => {
              result.lines.push(line);
              task.output = line;
            });
            result.result = 'ok';
            task.title = `${String.fromCharCode(97 + index)}. ${step.name}: ${result.detail}`;
          } catch (error) {
            result.result = 'failed';
            result.detail = error instanceof Error ? error.message : String(error);
            throw error;
          } finally {
            result.seconds = (Date.now() - stepStarted) / 1000;
          }
        },
      })),
      {
        renderer: 'default',
        fallbackRenderer: 'simple',
        exitOnError: true,
        rendererOptions: { collapseSubtasks: false },
      },
    );
    await tasks.run().catch(() => undefined);
  } finally {
    await leaveThePlatformRunning(run);
    run.close();
  }
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`\n${summaryTable(results)}\n\n`);
  const ok = results.every((result) => result.result === 'ok');
  process.stdout.write(
    ok
      ? `Demo done in ${seconds.toFixed(0)} s. Run it again for another week; the platform keeps running (Ctrl-C in the npm start terminal stops it).\n`
      : `Demo stopped at a failed step (see above); service logs are in ${options.stateDir}/logs/.\n`,
  );
  if (options.jsonFile) writeJsonResults(options.jsonFile, results, run.facts, seconds);
  return ok ? 0 : 1;
}

/** A demo interrupted during the outage step left Central down: bring it back first. */
async function ensureCentralRuns(run: DemoRun): Promise<void> {
  let restarted = false;
  for (const name of ['control-plane', 'release-orchestrator']) {
    if (run.service(name).pid !== null) continue;
    await run.launcher.start(name);
    restarted = true;
  }
  if (restarted) run.reconnectCentral();
}

/** Whatever happened, Central runs again and the clock is back to real-time speed. */
async function leaveThePlatformRunning(run: DemoRun): Promise<void> {
  try {
    run.clock.hold();
    await ensureCentralRuns(run);
  } catch (error) {
    process.stderr.write(`demo: could not restore the platform: ${(error as Error).message}\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`npm run demo: ${message}\n`);
    process.exit(error instanceof PlatformNotRunningError ? 2 : 1);
  },
);
