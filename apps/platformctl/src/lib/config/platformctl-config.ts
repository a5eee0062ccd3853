import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigFileError } from './config-file.error';
import { errorCode } from './error-code';

/** platformctl's configuration with every path made absolute. */
export interface PlatformctlConfig {
  /** The file it came from, for messages. */
  file: string;
  /** `host:port` of the control plane. */
  controlPlane: string;
  /** `host:port` of the release orchestrator. */
  releaseOrchestrator?: string;
  /** `host:port` of each PoP's bot-detection service, by PoP name. */
  botDetection?: Record<string, string>;
  /** The platform CA and this operator's certificate and key (PEM files). */
  tls: { ca: string; cert: string; key: string };
  token?: string;
  tokenFile?: string;
}

const ADDRESS = /^(?:\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/;

const address = z.string().refine((value) => {
  const port = Number(ADDRESS.exec(value)?.[1] ?? 0);
  return port >= 1 && port <= 65535;
}, 'expected host:port, for example 127.0.0.1:7001');
const path = z.string().min(1, 'must not be empty');

// Strict: a misspelt key (say `tokenfile`) should fail loudly rather than be ignored.
const configSchema = z
  .strictObject({
    controlPlane: address,
    releaseOrchestrator: address.optional(),
    botDetection: z.record(z.string().min(1, 'must not be empty'), address).optional(),
    tls: z.strictObject({ ca: path, cert: path, key: path }),
    token: z.string().min(1, 'must not be empty').optional(),
    tokenFile: path.optional(),
  })
  .refine((config) => !(config.token && config.tokenFile), {
    path: ['tokenFile'],
    message: 'set either token or tokenFile, not both',
  });

/**
 * Parses the YAML `text` of `file` (the format `npm start` writes to .platform/platformctl.yaml).
 * Relative paths are taken relative to the file's folder. Throws a {@link ConfigFileError} naming
 * the first bad field.
 */
export function parsePlatformctlConfig(file: string, text: string): PlatformctlConfig {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    prettyErrors: false,
    uniqueKeys: true,
    lineCounter: lines,
  });
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const where = lines.linePos(syntaxError.pos[0]);
    const field = `line ${where.line}, column ${where.col}`;
    throw new ConfigFileError(file, field, `invalid YAML: ${syntaxError.message}`);
  }
  const raw: unknown = document.toJS();
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) {
    // A misspelt key also leaves the real one missing; the misspelling is the thing to fix.
    const { issues } = result.error;
    const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0];
    throw new ConfigFileError(file, fieldOf(issue), problemOf(issue, raw));
  }
  const folder = dirname(file);
  const absolute = (relative: string) => resolve(folder, relative);
  const { controlPlane, releaseOrchestrator, botDetection, tls, token, tokenFile } = result.data;
  return {
    file,
    controlPlane,
    ...(releaseOrchestrator ? { releaseOrchestrator } : {}),
    ...(botDetection ? { botDetection } : {}),
    tls: { ca: absolute(tls.ca), cert: absolute(tls.cert), key: absolute(tls.key) },
    ...(token ? { token } : {}),
    ...(tokenFile ? { tokenFile: absolute(tokenFile) } : {}),
  };
}

/** Reads and parses a configuration file; see {@link parsePlatformctlConfig}. */
export function readPlatformctlConfig(file: string): PlatformctlConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(file, '-', `cannot read the file (${errorCode(error)})`);
  }
  return parsePlatformctlConfig(file, text);
}

type Issue = z.core.$ZodIssue;

function fieldOf(issue: Issue): string {
  if (issue.code === 'unrecognized_keys') {
    return [...issue.path, issue.keys[0]].map(String).join('.');
  }
  return issue.path.length > 0 ? issue.path.map(String).join('.') : '-';
}

function problemOf(issue: Issue, raw: unknown): string {
  if (issue.code === 'unrecognized_keys') return 'unknown field';
  if (issue.code === 'invalid_type') {
    if (valueAt(raw, issue.path) === undefined) return 'is required';
    return `expected ${issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}`;
  }
  return issue.message;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
