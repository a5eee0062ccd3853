const GAP = '  ';

/**
 * Rows under a header, each column as wide as its widest cell, two spaces apart; no trailing
 * spaces, so the output diffs and greps cleanly. Ends with a newline.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const lines = [header, ...rows];
  const widths = header.map((_, column) =>
    Math.max(...lines.map((line) => (line[column] ?? '').length)),
  );
  return lines
    .map((line) =>
      widths
        .map((width, column) => (line[column] ?? '').padEnd(width))
        .join(GAP)
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** `label:` and value pairs with the values lined up, one per line. Ends with a newline. */
export function formatFields(fields: readonly (readonly [label: string, value: string])[]): string {
  const width = Math.max(0, ...fields.map(([label]) => label.length + 1));
  return fields
    .map(([label, value]) => `${`${label}:`.padEnd(width)}${GAP}${value}`.trimEnd())
    .map((line) => `${line}\n`)
    .join('');
}
