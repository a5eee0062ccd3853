import { posix } from 'node:path';

const REQUIRE_CALL = /\brequire\(\s*"([^"]+)"\s*\)/g;
const WORKSPACE_ALIAS = '@platform/';

/**
 * Problems of emitted CommonJS files (relative path → code), one `path: require("x"): what is
 * wrong` line each: a workspace alias left unrewritten, or a relative require that no emitted
 * file answers (Node would try `x`, `x.js` and `x/index.js`). Package requires are not checked:
 * `npm ci` provides them.
 */
export function findUnresolvedRequires(emitted: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const [file, code] of emitted) {
    for (const [, specifier] of code.matchAll(REQUIRE_CALL)) {
      if (specifier === undefined) continue;
      if (specifier.startsWith(WORKSPACE_ALIAS)) {
        problems.push(`${file}: require("${specifier}"): the workspace alias was not rewritten`);
      } else if (specifier.startsWith('.')) {
        const target = posix.join(posix.dirname(file), specifier);
        const candidates = [target, `${target}.js`, `${target}/index.js`];
        if (!candidates.some((candidate) => emitted.has(candidate))) {
          problems.push(`${file}: require("${specifier}"): no such file in the build output`);
        }
      }
    }
  }
  return problems.sort();
}
