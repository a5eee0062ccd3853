import type { z } from 'zod';
import {
  DEFAULT_SETTINGS,
  type Channel,
  type ChannelName,
  type DesiredState,
  type GitopsFiles,
  type PlatformDocument,
  type Pop,
  type Problem,
  type Release,
  type Settings,
  type Space,
} from '../model/desired-state';
import { channelSchema } from './channel.schema';
import { KIND_FOLDERS, PLATFORM_DIR, SETTINGS_PATH, classifyPath } from './platform-paths';
import { sortProblems } from './problem-order';
import { popSchema } from './pop.schema';
import { releaseSchema } from './release.schema';
import { settingsSchema } from './settings.schema';
import { spaceSchema } from './space.schema';
import { readYamlDocument } from './yaml-document';
import { describeValue, issuesToProblems } from './zod-problems';

/** What parsing a gitops tree yields, with what later checks need beyond the state. */
export interface ParsedTree {
  /** The documents that passed their schema, by name. */
  state: DesiredState;
  problems: Problem[];
  /** Every desired-state file YAML could read, as plain data, whether or not it passed its schema. */
  documents: ReadonlyMap<string, unknown>;
  /** Desired-state files that exist but were left out of `state` because they have problems. */
  rejected: ReadonlySet<string>;
}

const SCHEMAS: { readonly [K in PlatformDocument['kind']]: z.ZodType<unknown, unknown> } = {
  Pop: popSchema,
  Space: spaceSchema,
  Channel: channelSchema,
  Release: releaseSchema,
  Settings: settingsSchema,
};

/**
 * Parses the desired state in `platform/` and validates every file against its kind's strict
 * schema; problems come sorted by path, then field. A file with problems is left out of
 * `state` (its problems are reported) so that checks built on the state do not report the
 * same mistake again as a dangling reference.
 */
export function parseDesiredState(files: GitopsFiles): {
  state: DesiredState;
  problems: Problem[];
} {
  const { state, problems } = parseGitopsTree(files);
  return { state, problems: sortProblems(problems) };
}

/** What reading one file yielded, kept to reuse for the same path and text. */
interface FileResult {
  text: string;
  value?: unknown;
  document?: PlatformDocument;
  problems: Problem[];
}

/**
 * Remembers file results across {@link parseGitopsTree} calls: a PR's base and head trees share
 * almost every file, and reading YAML is most of the cost of a check.
 */
export class ParsedFileCache {
  private readonly results = new Map<string, FileResult>();

  /** The result for `path` with content `text`, read with `read` unless already known. */
  resultFor(path: string, text: string, read: () => Omit<FileResult, 'text'>): FileResult {
    const known = this.results.get(path);
    if (known !== undefined && known.text === text) return known;
    const result = { text, ...read() };
    this.results.set(path, result);
    return result;
  }
}

/** {@link parseDesiredState}, plus the raw documents and the rejected paths the checker needs. */
export function parseGitopsTree(
  files: GitopsFiles,
  cache: ParsedFileCache = new ParsedFileCache(),
): ParsedTree {
  const pops = new Map<string, Pop>();
  const spaces = new Map<string, Space>();
  const channels = new Map<ChannelName, Channel>();
  const releases = new Map<string, Release>();
  let settings: Settings = DEFAULT_SETTINGS;
  const problems: Problem[] = [];
  const documents = new Map<string, unknown>();
  const rejected = new Set<string>();

  for (const [path, text] of files) {
    const place = classifyPath(path);
    if (place.role === 'outside' || place.role === 'placeholder') continue;
    if (place.role === 'unexpected') {
      problems.push({ path, field: '-', message: place.problem });
      continue;
    }
    const kind = place.role === 'settings' ? 'Settings' : place.kind;
    const name = place.role === 'settings' ? 'settings' : place.name;
    const result = cache.resultFor(path, text, () => readFile(path, text, kind, name));
    if (result.value !== undefined) documents.set(path, result.value);
    const document = result.document;
    if (result.problems.length > 0 || document === undefined) {
      problems.push(...result.problems);
      rejected.add(path);
      continue;
    }
    switch (document.kind) {
      case 'Pop':
        pops.set(name, document);
        break;
      case 'Space':
        spaces.set(name, document);
        break;
      case 'Channel':
        channels.set(document.metadata.name, document);
        break;
      case 'Release':
        releases.set(name, document);
        break;
      case 'Settings':
        settings = document;
        break;
    }
  }
  return { state: { pops, spaces, channels, releases, settings }, problems, documents, rejected };
}

function readFile(
  path: string,
  text: string,
  kind: PlatformDocument['kind'],
  name: string,
): Omit<FileResult, 'text'> {
  const read = readYamlDocument(path, text);
  if (!read.ok) return { problems: read.problems };
  const { document, problems } = validate(path, read.value, kind, name);
  return { value: read.value, document: document as PlatformDocument | undefined, problems };
}

function validate(
  path: string,
  value: unknown,
  kind: PlatformDocument['kind'],
  fileName: string,
): { document?: unknown; problems: Problem[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      problems: [
        {
          path,
          field: '-',
          message: `expected a mapping with apiVersion, kind, metadata and spec, got ${describeValue(value)}`,
        },
      ],
    };
  }
  const raw = value as { kind?: unknown; metadata?: { name?: unknown } };
  // A document of the wrong kind would fail the folder's schema on every field; one line says it all.
  if (raw.kind !== undefined && raw.kind !== kind) {
    const where = kind === 'Settings' ? SETTINGS_PATH : `${PLATFORM_DIR}${KIND_FOLDERS[kind]}/`;
    return {
      problems: [
        {
          path,
          field: 'kind',
          message: `expected "${kind}" in ${where}, got ${describeValue(raw.kind)}`,
        },
      ],
    };
  }
  const parsed = SCHEMAS[kind].safeParse(value, { reportInput: true });
  const problems = parsed.success ? [] : issuesToProblems(path, parsed.error.issues, value);
  const name = raw.metadata?.name;
  if (kind !== 'Settings' && typeof name === 'string' && name !== fileName) {
    problems.push({
      path,
      field: 'metadata.name',
      message: `"${name}" differs from the file name: expected "${fileName}"`,
    });
  }
  return { document: parsed.data, problems };
}
