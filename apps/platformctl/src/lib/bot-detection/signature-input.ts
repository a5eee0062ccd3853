import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { errorCode } from '../config/error-code';

/** Where an import reads its lines from. */
export interface SignatureInput {
  /** As the operator named it: a path, or `-` for standard input. */
  name: string;
  lines(): AsyncIterable<string>;
  /** Reads the input again from the start; undefined for standard input, which cannot. */
  reread?: () => AsyncIterable<string>;
}

/**
 * Opens `name` (relative to `cwd`), or standard input for `-`, as a stream of lines (readline:
 * one line in memory at a time, `\n` or `\r\n`). The file is opened here, so a missing or
 * unreadable one fails before anything is sent.
 */
export async function openSignatureInput(
  name: string,
  cwd: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<SignatureInput> {
  const linesOf = (input: NodeJS.ReadableStream) =>
    createInterface({ input, crlfDelay: Infinity, terminal: false });
  if (name === '-') return { name, lines: () => linesOf(stdin) };
  const path = resolve(cwd, name);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new Error(`${name}: cannot read the file (${errorCode(error)})`);
  }
  const opened = handle;
  return {
    name,
    lines: () => linesOf(opened.createReadStream()),
    reread: () => linesOf(createReadStream(path)),
  };
}
