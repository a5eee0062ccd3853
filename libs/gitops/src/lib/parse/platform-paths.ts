import type { PlatformDocument } from '../model/desired-state';

/** The kinds that live one file per object in a folder of `platform/`. */
export type FolderKind = Exclude<PlatformDocument['kind'], 'Settings'>;

/** The folder of `platform/` that holds each kind. */
export const KIND_FOLDERS: Readonly<Record<FolderKind, string>> = {
  Pop: 'pops',
  Space: 'spaces',
  Channel: 'channels',
  Release: 'releases',
};

export const PLATFORM_DIR = 'platform/';
export const SETTINGS_PATH = 'platform/settings.yaml';

const YAML_EXTENSION = '.yaml';
// Git keeps no empty folders; a placeholder is how people keep `platform/releases/` around.
const PLACEHOLDERS = new Set(['.gitkeep']);

const FOLDER_KINDS = new Map<string, FolderKind>(
  Object.entries(KIND_FOLDERS).map(([kind, folder]) => [folder, kind as FolderKind]),
);

/** Where the document of `kind` called `name` lives, relative to the gitops directory. */
export function documentPath(kind: FolderKind, name: string): string {
  return `${PLATFORM_DIR}${KIND_FOLDERS[kind]}/${name}${YAML_EXTENSION}`;
}

/** What a path of the gitops tree holds, as far as desired state is concerned. */
export type PlatformPath =
  | { role: 'document'; kind: FolderKind; name: string }
  | { role: 'settings' }
  | { role: 'placeholder' }
  | { role: 'outside' }
  | { role: 'unexpected'; problem: string };

/**
 * Classifies a path of the gitops tree. Anything under `platform/` that is not a desired-state
 * file is `unexpected`, so a typo such as `platform/space/acme.yaml` is reported instead of
 * being silently ignored.
 */
export function classifyPath(path: string): PlatformPath {
  if (!path.startsWith(PLATFORM_DIR)) return { role: 'outside' };
  if (path === SETTINGS_PATH) return { role: 'settings' };
  const parts = path.slice(PLATFORM_DIR.length).split('/');
  const fileName = parts[parts.length - 1];
  if (PLACEHOLDERS.has(fileName)) return { role: 'placeholder' };
  if (parts.length !== 2) {
    return {
      role: 'unexpected',
      problem: `unexpected file: desired state lives in ${folderList()} or ${SETTINGS_PATH}`,
    };
  }
  const [folder, file] = parts;
  const kind = FOLDER_KINDS.get(folder);
  if (kind === undefined) {
    const guess = closestFolder(folder);
    const hint = guess === undefined ? '' : ` (did you mean ${PLATFORM_DIR}${guess}/?)`;
    return {
      role: 'unexpected',
      problem: `unexpected folder "${folder}": desired state lives in ${folderList()}${hint}`,
    };
  }
  if (!file.endsWith(YAML_EXTENSION)) {
    const hint = file.endsWith('.yml') ? ' (rename it to .yaml)' : '';
    return {
      role: 'unexpected',
      problem: `not a desired-state file: files in ${PLATFORM_DIR}${folder}/ end in ${YAML_EXTENSION}${hint}`,
    };
  }
  return { role: 'document', kind, name: file.slice(0, -YAML_EXTENSION.length) };
}

function folderList(): string {
  return Object.values(KIND_FOLDERS)
    .map((folder) => `${PLATFORM_DIR}${folder}/`)
    .join(', ');
}

function closestFolder(folder: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of FOLDER_KINDS.keys()) {
    const distance = editDistance(folder.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
