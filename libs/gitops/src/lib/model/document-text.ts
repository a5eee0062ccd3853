import type { PlatformDocument } from './desired-state';
import { isMap, parseDocument, stringify, type Document } from 'yaml';

/**
 * The YAML text of a desired-state document. When the file exists its text is edited in place,
 * so the comments people wrote in it (why a window is at 02:00, who asked for PCI) survive the
 * control plane's changes; only the values that differ are touched.
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
