/** The `Examples:` block that closes a command's --help. */
export function helpExamples(...commands: string[]): string {
  return ['', 'Examples:', ...commands.map((command) => `  $ ${command}`)].join('\n');
}
