import { formatFields, formatTable } from './text-table';

describe(formatTable.name, () => {
  it('pads each column to its widest cell, two spaces apart, without trailing spaces', () => {
    expect(
      formatTable(
        ['NAME', 'TIER', 'PENDING'],
        [
          ['acme', 'performance-plus', '2'],
          ['globex-corporation', 'basic', ''],
        ],
      ),
    ).toBe(
      [
        'NAME                TIER              PENDING',
        'acme                performance-plus  2',
        'globex-corporation  basic',
        '',
      ].join('\n'),
    );
  });

  it('prints only the header when there are no rows', () => {
    expect(formatTable(['A', 'B'], [])).toBe('A  B\n');
  });
});

describe(formatFields.name, () => {
  it('lines up the values after the labels', () => {
    expect(
      formatFields([
        ['name', 'acme'],
        ['pending directives', '0'],
        ['release', ''],
      ]),
    ).toBe('name:                acme\npending directives:  0\nrelease:\n');
  });
});
