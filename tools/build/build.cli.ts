// Entry point of `npm run build`. The work happens in build-services.ts, which the tests call
// directly.
import { resolve } from 'node:path';
import { buildServices } from './build-services';

const USAGE = 'usage: npm run build [-- --out <dir>]   (default: dist/)\n';

function outDirFromArgs(args: readonly string[]): string | undefined {
  if (args.length === 0) return 'dist';
  if (args.length === 2 && args[0] === '--out' && args[1]) return args[1];
  return undefined;
}

const root = resolve(__dirname, '..', '..');
const outDir = outDirFromArgs(process.argv.slice(2));
if (outDir === undefined) {
  process.stderr.write(USAGE);
  process.exitCode = 2;
} else {
  buildServices({ root, outDir: resolve(outDir) }).then(
    (summary) => {
      process.stdout.write(
        `built ${summary.files.length} files into ${summary.outDir} in ${summary.durationMs} ms\n`,
      );
    },
    (error: unknown) => {
      process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
