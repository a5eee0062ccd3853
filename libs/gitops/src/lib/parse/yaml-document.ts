import { parseAllDocuments, type YAMLError } from 'yaml';
import type { Problem } from '../model/desired-state';

/** The value of a file's one YAML document, or why there is none. */
export type YamlRead = { ok: true; value: unknown } | { ok: false; problems: Problem[] };

/**
 * Reads a file that must hold exactly one YAML document (YAML 1.2, so `02:00` and `yes` stay
 * strings). Syntax errors are problems on the whole file (field `-`) that give the line.
 */
export function readYamlDocument(path: string, text: string): YamlRead {
  const fileProblem = (message: string): YamlRead => ({
    ok: false,
    problems: [{ path, field: '-', message }],
  });
  const documents = parseAllDocuments(text);
  if (documents.length === 0) return fileProblem('empty file: expected one YAML document');
  const errors = documents.flatMap((document) => document.errors);
  if (errors.length > 0) {
    return {
      ok: false,
      problems: errors.map((error) => ({ path, field: '-', message: describe(error) })),
    };
  }
  if (documents.length > 1) {
    return fileProblem(
      `expected one YAML document, found ${documents.length}: put each object in its own file`,
    );
  }
  try {
    return { ok: true, value: documents[0].toJS() };
  } catch (error) {
    // toJS refuses alias bombs (too many alias expansions); that is a property of the file.
    return fileProblem(`cannot read the YAML: ${(error as Error).message}`);
  }
}

function describe(error: YAMLError): string {
  const firstLine = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const line = error.linePos?.[0].line;
  return line === undefined
    ? `YAML syntax error: ${firstLine}`
    : `YAML syntax error at line ${line}: ${firstLine}`;
}
