import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FailedPreconditionError } from '@platform/errors';
import { parse } from 'yaml';
import { z } from 'zod';
import type { TrustedIssuer } from './trusted-issuer';

const issuersFileSchema = z.strictObject({
  issuers: z
    .array(
      z.strictObject({
        issuer: z.string().trim().min(1, 'must not be empty'),
        publicKeyFiles: z
          .array(z.string().trim().min(1, 'must not be empty'))
          .min(1, 'list at least one public key file'),
      }),
    )
    .min(1, 'list at least one issuer'),
});

/**
 * Reads the issuers a control plane trusts from a YAML file:
 *
 * ```yaml
 * issuers:
 *   - issuer: platform-dev
 *     publicKeyFiles: [operator-token.pub]   # relative to this file's folder
 * ```
 *
 * @throws FailedPreconditionError as `<file>: <field>: <problem>` when the file cannot be read,
 *   is not YAML, does not match that shape, lists an issuer twice, or names a key file that
 *   cannot be read. The keys themselves are checked by {@link OperatorTokenVerifier.create}.
 */
export async function loadTrustedIssuers(file: string): Promise<TrustedIssuer[]> {
  const path = resolve(file);
  const text = await readText(path, path);
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw problem(path, '(file)', `not valid YAML: ${firstLine((error as Error).message)}`);
  }
  const parsed = issuersFileSchema.safeParse(document);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw problem(path, fieldPath(issue.path), issue.message);
  }

  const seen = new Set<string>();
  const issuers: TrustedIssuer[] = [];
  for (const [index, entry] of parsed.data.issuers.entries()) {
    if (seen.has(entry.issuer)) {
      throw problem(
        path,
        `issuers[${index}].issuer`,
        `"${entry.issuer}" is listed twice; list all its keys under one entry`,
      );
    }
    seen.add(entry.issuer);
    const publicKeyPems: string[] = [];
    for (const [keyIndex, keyFile] of entry.publicKeyFiles.entries()) {
      const field = `issuers[${index}].publicKeyFiles[${keyIndex}]`;
      publicKeyPems.push(await readText(resolve(dirname(path), keyFile), path, field));
    }
    issuers.push({ issuer: entry.issuer, publicKeyPems });
  }
  return issuers;
}

async function readText(path: string, file: string, field = '(file)'): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message);
    throw problem(file, field, `cannot read ${path}: ${reason}`);
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0];
}

function problem(file: string, field: string, message: string): FailedPreconditionError {
  return new FailedPreconditionError(`${file}: ${field}: ${message}`);
}
