import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Workspace folders whose `src/` trees hold the services and the libraries they import. */
const SOURCE_ROOTS = ['apps', 'libs'] as const;

/** Projects that exist only for tests: nothing a running service may load. */
const TEST_ONLY_PROJECTS = new Set(['libs/testing', 'apps/services-e2e']);

/**
 * Folders under a `src/` tree that hold test helpers, fixtures or benchmarks (a lib's `testing`
 * entry included), never production code.
 */
const NON_PRODUCTION_FOLDERS = new Set(['test', 'testing', 'test-fixtures', 'bench']);

/** Helpers that specs import from beside them, such as `render/test-support.ts`. */
const TEST_HELPER_FILE = /^test-[\w-]*\.ts$/;

/**
 * Whether a workspace file (a `/`-separated path relative to the workspace root) belongs in the
 * production build: TypeScript under `apps/<app>/src` or `libs/<lib>/src`, without specs,
 * declaration files, test helpers, test and benchmark folders, or the test-only projects.
 */
export function isShippedSource(relativePath: string): boolean {
  const segments = relativePath.split('/');
  const [rootFolder, project, src, ...rest] = segments;
  if (!(SOURCE_ROOTS as readonly string[]).includes(rootFolder ?? '')) return false;
  if (!project || src !== 'src' || rest.length === 0) return false;
  if (TEST_ONLY_PROJECTS.has(`${rootFolder}/${project}`)) return false;
  if (rest.slice(0, -1).some((folder) => NON_PRODUCTION_FOLDERS.has(folder))) return false;
  const fileName = rest[rest.length - 1] ?? '';
  if (!fileName.endsWith('.ts') || fileName.endsWith('.d.ts')) return false;
  return !fileName.endsWith('.spec.ts') && !TEST_HELPER_FILE.test(fileName);
}

/** Every shipped source file of the workspace at `root`, as sorted `/`-separated relative paths. */
export function listShippedSources(root: string): string[] {
  const found: string[] = [];
  for (const rootFolder of SOURCE_ROOTS) {
    for (const project of readdirSync(join(root, rootFolder), { withFileTypes: true })) {
      if (!project.isDirectory()) continue;
      const src = posix.join(rootFolder, project.name, 'src');
      found.push(...walkFiles(root, src).filter(isShippedSource));
    }
  }
  return found.sort();
}

function walkFiles(root: string, relativeDir: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(root, relativeDir), { withFileTypes: true });
  } catch {
    return []; // a project without src/ (configuration only)
  }
  return entries.flatMap((entry) => {
    const path = posix.join(relativeDir, entry.name);
    if (entry.isDirectory()) return walkFiles(root, path);
    return entry.isFile() ? [path] : [];
  });
}
