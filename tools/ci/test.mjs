#!/usr/bin/env node
// `npm test`: every check the repository has, in one run, ending with `N passed, N failed`.
// Static checks (format, lint, types, contracts) count one each; every Jest test counts one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstalled, requireCommand, workspaceRoot } from '../dev/workspace.mjs';

const root = workspaceRoot();
ensureInstalled(root);
requireCommand('redis-server', 'the integration tests start real Redis servers');
requireCommand('git', 'the integration tests use real git remotes');

const countsFile = join(root, '.test-results', 'counts.jsonl');
mkdirSync(join(root, '.test-results'), { recursive: true });
rmSync(countsFile, { force: true });

// The Nx cache would replay earlier results instead of running the tests again.
const env = {
  ...process.env,
  NX_SKIP_NX_CACHE: 'true',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  NX_NO_CLOUD: 'true',
  PLATFORM_TEST_COUNTS: countsFile,
  FORCE_COLOR: '0',
};

const npx = (args) => ['npx', ['--no-install', ...args]];
const checks = [
  ['format (prettier)', ...npx(['prettier', '--check', '.', '--log-level', 'warn'])],
  [
    'lint (eslint, module boundaries)',
    ...npx(['nx', 'run-many', '-t', 'lint', '--outputStyle=stream']),
  ],
  ['typecheck (tsc)', ...npx(['nx', 'run-many', '-t', 'typecheck', '--outputStyle=stream'])],
  ['buf lint', ...npx(['buf', 'lint', 'proto'])],
  ['buf breaking', 'node', ['tools/proto/breaking.mjs']],
  ['generated contracts match proto/', 'node', ['tools/proto/check-generated.mjs']],
  [
    'Dockerfiles (entrypoints in a fresh build, gitops images)',
    'node',
    ['tools/ci/check-dockerfiles.mjs'],
  ],
  [
    'gitops check (example fleet)',
    'node',
    ['tools/bin/platformctl.cjs', 'gitops', 'check', '--dir', 'gitops'],
  ],
];

let staticPassed = 0;
let staticFailed = 0;
for (const [label, command, args] of checks) {
  process.stdout.write(`\n=== ${label}\n`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status === 0) {
    staticPassed += 1;
    process.stdout.write(`--- ${label}: ok\n`);
  } else {
    staticFailed += 1;
    process.stdout.write(`--- ${label}: FAILED (exit ${result.status ?? result.signal})\n`);
  }
}

// Unit tests run two projects at a time; integration tests one project at a time, because each
// starts real processes (redis-server, services, git) and two of them would fight over two cores
// and over freshly picked free ports.
const jestRuns = [
  ['unit tests of every project', ['-t', 'test', '--parallel=2']],
  ['integration tests of every project', ['-t', 'int-test', '--parallel=1']],
].map(([label, targets]) => {
  process.stdout.write(`\n=== jest: ${label}\n`);
  return spawnSync('npx', ['--no-install', 'nx', 'run-many', ...targets, '--outputStyle=stream'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
});
const jest = { status: jestRuns.every((run) => run.status === 0) ? 0 : 1 };

const runs = existsSync(countsFile)
  ? readFileSync(countsFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
let passed = staticPassed + runs.reduce((sum, run) => sum + run.passed, 0);
let failed = staticFailed + runs.reduce((sum, run) => sum + run.failed, 0);
if (jest.status !== 0 && runs.every((run) => run.failed === 0)) {
  // Nx or Jest failed before any test could report (a config error, a crash): count it.
  failed += 1;
  process.stdout.write('--- jest: a project failed without reporting test results\n');
}
const skipped = runs.reduce((sum, run) => sum + run.pending, 0);
if (skipped > 0) {
  failed += skipped;
  process.stdout.write(`--- ${skipped} skipped or todo tests: the project allows none\n`);
}

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
