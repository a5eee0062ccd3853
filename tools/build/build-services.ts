import { FailedPreconditionError } from '@platform/errors';
import { transformFile } from '@swc/core';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { findUnresolvedRequires } from './emitted-requires';
import { listShippedSources } from './shipped-sources';
import { swcBuildOptions } from './swc-build-options';

export interface BuildServicesOptions {
  /** The workspace to build (the folder with `tsconfig.base.json`). */
  root: string;
  /** Where the output goes; its `apps/` and `libs/` are replaced, nothing else is touched. */
  outDir: string;
}

export interface BuildSummary {
  outDir: string;
  /** Relative paths (`/`-separated) of the emitted JavaScript files, sorted. */
  files: string[];
  durationMs: number;
}

/**
 * Compiles every service and library of the workspace to CommonJS under `outDir`, mirroring the
 * source layout (`apps/pop-relay/src/main.ts` → `<outDir>/apps/pop-relay/src/main.js`), so a
 * service starts with `node <outDir>/apps/<service>/src/main.js` and no TypeScript tooling.
 * Fails, naming each file, when an emitted `require` points at something the build does not
 * contain (an alias SWC left alone, or an import of test-only code).
 */
export async function buildServices(options: BuildServicesOptions): Promise<BuildSummary> {
  const started = Date.now();
  const swcOptions = swcBuildOptions(options.root);
  const sources = listShippedSources(options.root);
  for (const folder of ['apps', 'libs']) {
    rmSync(join(options.outDir, folder), { recursive: true, force: true });
  }

  const emitted = new Map<string, string>();
  await Promise.all(
    sources.map(async (source) => {
      const target = source.replace(/\.ts$/, '.js');
      const outFile = join(options.outDir, target);
      const { code, map } = await transformFile(join(options.root, source), {
        ...swcOptions,
        // Points debuggers at the real source; the map inlines it too, for images without it.
        sourceFileName: relative(dirname(outFile), join(options.root, source)),
      });
      mkdirSync(dirname(outFile), { recursive: true });
      writeFileSync(outFile, `${code}\n//# sourceMappingURL=${basename(outFile)}.map\n`);
      if (map) writeFileSync(`${outFile}.map`, map);
      emitted.set(target, code);
    }),
  );

  const problems = findUnresolvedRequires(emitted);
  if (problems.length > 0) {
    throw new FailedPreconditionError(`the build output does not run:\n${problems.join('\n')}`);
  }
  writeFileSync(join(options.outDir, 'package.json'), outputManifest(options.root));
  return {
    outDir: options.outDir,
    files: [...emitted.keys()].sort(),
    durationMs: Date.now() - started,
  };
}

/**
 * `<outDir>/package.json`: pins the output's module format, whatever the root package.json says
 * one day, and carries the version that code reading `package.json` next to `apps/` reports.
 */
function outputManifest(root: string): string {
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return `${JSON.stringify({ name, version, private: true, type: 'commonjs' }, null, 2)}\n`;
}
