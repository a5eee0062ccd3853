import { OPERATOR_ACTIONS } from './operator-actions';
import { OPERATOR_ROLES } from './operator-roles';
import { isPermitted } from './permissions';

const ALLOWED = '✓';

/**
 * {@link PERMISSIONS} as a Markdown table: one row per action, one column per role, `✓` where
 * the role may perform the action. Columns are padded the way Prettier formats Markdown tables,
 * so the README can hold this exact text and still pass the format check.
 */
export function permissionTableMarkdown(): string {
  const header = ['action', ...OPERATOR_ROLES];
  const rows = OPERATOR_ACTIONS.map((action) => [
    `\`${action}\``,
    ...OPERATOR_ROLES.map((role) => (isPermitted(role, action) ? ALLOWED : '')),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, 3, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}
