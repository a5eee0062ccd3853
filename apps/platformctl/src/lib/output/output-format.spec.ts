import { parse } from 'yaml';
import type { CliIo } from '../cli-io';
import { writeOutput, type OutputFormat } from './output-format';

describe(writeOutput.name, () => {
  const data = { space: { name: 'acme', tier: 'basic', addOns: { pci: false } } };
  const printed = (format: OutputFormat) => {
    let stdout = '';
    const io: CliIo = { stdout: (text) => (stdout += text), stderr: () => undefined };
    writeOutput(io, format, data, () => 'the table\n');
    return stdout;
  };

  it('prints the table for people by default', () => {
    expect(printed('table')).toBe('the table\n');
  });

  it('prints the whole data as indented JSON', () => {
    expect(printed('json')).toBe(`${JSON.stringify(data, null, 2)}\n`);
  });

  it('prints the whole data as YAML', () => {
    expect(parse(printed('yaml'))).toEqual(data);
  });
});
