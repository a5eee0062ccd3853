import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATOR_ACTIONS, OPERATOR_ROLES, permissionTableMarkdown } from '../index';

const README = join(__dirname, '../../../../README.md');
const START = '<!-- permission-table:start -->';
const END = '<!-- permission-table:end -->';

describe(permissionTableMarkdown.name, () => {
  it('has a column per role and a row per action, with ✓ where the role may act', () => {
    const lines = permissionTableMarkdown().split('\n');

    expect(lines[0].split('|').map((cell) => cell.trim())).toEqual([
      '',
      'action',
      ...OPERATOR_ROLES,
      '',
    ]);
    expect(lines).toHaveLength(2 + OPERATOR_ACTIONS.length);
    const failover = lines.find((line) => line.includes('`spaces.failover`')) ?? '';
    expect(failover.split('|').map((cell) => cell.trim())).toEqual([
      '',
      '`spaces.failover`',
      '✓',
      '✓',
      '',
      '',
      '',
    ]);
  });

  it('is what the README shows between the permission-table markers', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);

    expect(readme.slice(start + START.length, end).trim()).toBe(permissionTableMarkdown());
  });
});
