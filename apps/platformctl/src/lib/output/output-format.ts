import { Option } from 'commander';
import { stringify } from 'yaml';
import type { CliIo } from '../cli-io';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** `-o, --output table|json|yaml`, the same on every command that prints a result. */
export function outputOption(): Option {
  return new Option('-o, --output <format>', 'how to print the result')
    .choices(OUTPUT_FORMATS)
    .default('table');
}

/**
 * Prints `data` as JSON or YAML (whole, for scripts), or as the command's own table for people.
 * `data` holds the human words for enum values, the same in every format.
 */
export function writeOutput(
  io: CliIo,
  format: OutputFormat,
  data: object,
  table: () => string,
): void {
  if (format === 'json') io.stdout(`${JSON.stringify(data, null, 2)}\n`);
  else if (format === 'yaml') io.stdout(stringify(data));
  else io.stdout(table());
}
