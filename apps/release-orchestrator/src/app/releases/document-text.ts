import type { PlatformDocument } from '@platform/gitops';
import { isMap, parse, parseDocument, stringify, type Document } from 'yaml';

/**
 * The YAML text of a desired-state document. When the file exists its text is edited in place,
 * so the comments people wrote in it (why a pin is held, who asked for a freeze) survive the
 * orchestrator's changes; only the values that differ are touched.
 */
export function documentText(document: PlatformDocument, existing?: string): string {
  if (existing === undefined) return stringify(document);
  const yaml = parseDocument(existing);
  if (yaml.errors.length > 0 || !isMap(yaml.contents)) return stringify(document);
  syncNode(yaml, [], document as unknown as Record<string, unknown>);
  return yaml.toString();
}

/** Makes the mapping at `path` hold exactly `value`'s keys and scalars. */
function syncNode(yaml: Document, path: string[], value: Record<string, unknown>): void {
  const current = yaml.getIn(path);
  if (!isMap(current)) {
    yaml.setIn(path, yaml.createNode(value));
    return;
  }
  for (const item of [...current.items]) {
    const key = String((item.key as { value?: unknown })?.value ?? item.key);
    if (!(key in value) || value[key] === undefined) yaml.deleteIn([...path, key]);
  }
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    if (isPlainObject(child)) {
      syncNode(yaml, [...path, key], child);
    } else if (yaml.getIn([...path, key]) !== child) {
      yaml.setIn([...path, key], child);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `release:` line one level under a top-level key, with an optional quote and comment. */
const RELEASE_LINE = /^( {2}release: *)(['"]?)([^'"\s#]+)\2( *(?:#.*)?)$/gm;
const TOP_LEVEL_LINE = /^[^\s#].*$/gm;

/**
 * `existing` with its `spec.release` changed from `from` to `to` by editing that one line, or
 * undefined when the text is not in the plain shape this needs (then use {@link documentText}).
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
