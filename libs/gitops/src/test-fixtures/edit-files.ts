import { parseDocument } from 'yaml';
import type { GitopsFiles } from '../lib/model/desired-state';
import { isGenerated } from '../lib/check/drift.rule';
import { parseDesiredState } from '../lib/parse/parse-desired-state';
import { fakeRender } from './fake-render';

/** The text of `path`; throws when the fixture has no such file, so a typo fails loudly. */
export function textOf(files: GitopsFiles, path: string): string {
  const text = files.get(path);
  if (text === undefined) throw new Error(`no file ${path} in the fixture`);
  return text;
}

/** `files` with `path` set to `text` (added or replaced). */
export function withFile(files: GitopsFiles, path: string, text: string): Map<string, string> {
  return new Map(files).set(path, text);
}

/** `files` without `path`. */
export function withoutFile(files: GitopsFiles, path: string): Map<string, string> {
  const copy = new Map(files);
  copy.delete(path);
  return copy;
}

/**
 * `files` with the dotted `field` of the YAML document at `path` set to `value`, keeping the
 * rest of the file as it was (`setField(files, 'platform/spaces/acme.yaml', 'spec.tier', 'gold')`).
 */
export function setField(
  files: GitopsFiles,
  path: string,
  field: string,
  value: unknown,
): Map<string, string> {
  return editYaml(files, path, (document) => document.setIn(segments(field), value));
}

/** `files` with the dotted `field` of the YAML document at `path` removed. */
export function deleteField(files: GitopsFiles, path: string, field: string): Map<string, string> {
  return editYaml(files, path, (document) => document.deleteIn(segments(field)));
}

/** `files` with the generated files replaced by a {@link fakeRender} of its desired state. */
export function rerendered(files: GitopsFiles): Map<string, string> {
  const platform = new Map([...files].filter(([path]) => !isGenerated(path)));
  const { state } = parseDesiredState(platform);
  return new Map([...platform, ...fakeRender(state)]);
}

function editYaml(
  files: GitopsFiles,
  path: string,
  edit: (document: ReturnType<typeof parseDocument>) => void,
): Map<string, string> {
  const document = parseDocument(textOf(files, path));
  edit(document);
  return withFile(files, path, document.toString());
}

function segments(field: string): (string | number)[] {
  return field.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}
