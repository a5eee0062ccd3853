import { parse } from 'yaml';

/** A `release:` line one level under a top-level key, with an optional quote and comment. */
const RELEASE_LINE = /^( {2}release: *)(['"]?)([^'"\s#]+)\2( *(?:#.*)?)$/gm;
const TOP_LEVEL_LINE = /^[^\s#].*$/gm;

/**
 * `existing` with its `spec.release` changed from `from` to `to` by editing that one line, or
 * undefined when the text is not in the plain shape this needs (then use `documentText` from `@platform/gitops`).
 * A window tick moves thousands of pins at once, and parsing each file into a YAML document to
 * change one scalar is most of the time it takes.
 */
export function withReleasePin(existing: string, from: string, to: string): string | undefined {
  const matches = [...existing.matchAll(RELEASE_LINE)];
  const [line] = matches;
  if (matches.length !== 1 || line === undefined || line[3] !== from) return undefined;
  const owner = [...existing.slice(0, line.index).matchAll(TOP_LEVEL_LINE)].pop();
  if (owner === undefined || !/^spec: *(#.*)?$/.test(owner[0])) return undefined;
  // Written as it reads: a version YAML would read as a number or anything else is not.
  if (parse(to) !== to) return undefined;
  const [, key, quote, , rest] = line;
  return `${existing.slice(0, line.index)}${key}${quote}${to}${quote}${rest}${existing.slice(line.index + line[0].length)}`;
}
