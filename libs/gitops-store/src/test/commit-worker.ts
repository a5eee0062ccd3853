/**
 * A writer process for the concurrency test: `run-ts commit-worker.ts <remoteUrl> <workdir> <name>`.
 * It syncs, prints `ready`, waits for a line on stdin (so every writer pushes at the same
 * moment), commits `writers/<name>.txt` and prints the CommitResult as JSON.
 */
import { GitopsStore } from '../index';

async function main(): Promise<void> {
  const [remoteUrl, workdir, name] = process.argv.slice(2);
  const store = new GitopsStore({
    remoteUrl,
    branch: 'main',
    subdirectory: 'gitops',
    workdir,
    author: { name: `writer ${name}`, email: `${name}@platform.invalid` },
    maxAttempts: 40,
    backoff: { baseMs: 20, maxMs: 500 },
  });
  await store.sync();
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  const result = await store.commit({
    operation: 'test.write',
    actor: `writer-${name}`,
    requestId: `request-${name}`,
    message: `Writer ${name} adds its file`,
    apply: () => new Map([[`writers/${name}.txt`, `written by ${name}\n`]]),
  });
  process.stdout.write(`result ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
  );
  process.exit(1);
});
