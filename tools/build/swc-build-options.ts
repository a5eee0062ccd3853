import type { Options } from '@swc/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface TsconfigPaths {
  compilerOptions: { paths: Record<string, string[]> };
}

/**
 * The SWC options of the production build: the same compilation Jest and `run-ts` use (legacy
 * decorators with metadata, which NestJS injection needs; ES2022; CommonJS), plus the
 * `@platform/*` aliases of `tsconfig.base.json`, which SWC rewrites to relative requires so
 * the output runs on plain Node without a resolver.
 */
export function swcBuildOptions(root: string): Options {
  const tsconfig = JSON.parse(
    readFileSync(join(root, 'tsconfig.base.json'), 'utf8'),
  ) as TsconfigPaths;
  return {
    swcrc: false,
    configFile: false,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      baseUrl: root,
      paths: tsconfig.compilerOptions.paths,
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
    inlineSourcesContent: true,
  };
}
