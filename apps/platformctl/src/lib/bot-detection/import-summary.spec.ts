import { formatImportSummary, importExitCode, importSummary } from './import-summary';
import { newTally, recordMalformed } from './import-tally';

const where = { pop: 'aws-us-east-1', input: 'feed.jsonl' };

describe(importSummary.name, () => {
  it('counts malformed lines and the service’s refusals as rejected, problems in line order', () => {
    const tally = { ...newTally(), lines: 3002, sent: 2998 };
    recordMalformed(tally, 900, 'action: expected one of challenge, throttle, block (got "allow")');
    recordMalformed(tally, 17, 'not valid JSON (Unexpected end of JSON input)');

    const summary = importSummary(
      where,
      tally,
      { imported: 2997, rejected: 1, rejections: [] },
      [{ line: 40, id: 'ip:999.0.0.1', problem: 'ip_range: not an IP address or CIDR range' }],
      1500,
    );

    expect(summary).toMatchObject({
      lines: 3002,
      sent: 2998,
      accepted: 2997,
      rejected: 3,
      malformed: 2,
      refusedByService: 1,
      durationSeconds: 1.5,
      linesPerSecond: 2001,
      moreProblems: 0,
    });
    expect(summary.problems.map((problem) => problem.line)).toEqual([17, 40, 900]);
    expect(importExitCode(summary)).toBe(1);
  });

  it('exits 0 when every signature was accepted', () => {
    const summary = importSummary(
      where,
      { ...newTally(), lines: 10, sent: 10 },
      { imported: 10, rejected: 0, rejections: [] },
      [],
      100,
    );

    expect(importExitCode(summary)).toBe(0);
    expect(formatImportSummary(summary)).toBe(
      [
        'Imported 10 of 10 signatures from feed.jsonl into aws-us-east-1 in 0.1 s (100 lines/s).',
        'lines:     10',
        'sent:      10',
        'accepted:  10',
        'rejected:  0',
        '',
      ].join('\n'),
    );
  });

  it('exits 1 when --strict stopped the import, even with nothing else rejected', () => {
    const tally = { ...newTally(), lines: 3, sent: 2, stoppedAtLine: 3 };

    const summary = importSummary(
      where,
      tally,
      { imported: 2, rejected: 0, rejections: [] },
      [],
      10,
    );

    expect(importExitCode(summary)).toBe(1);
    expect(formatImportSummary(summary)).toContain(
      'Stopped at line 3 (--strict): nothing after it was sent.',
    );
  });

  it('prints the first problems with their lines and says how many more there are', () => {
    const tally = { ...newTally(), lines: 20, sent: 12 };
    for (let line = 1; line <= 8; line += 1) recordMalformed(tally, line * 2, `problem ${line}`);

    const text = formatImportSummary(
      importSummary(
        { pop: 'aws-us-east-1', input: '-' },
        tally,
        { imported: 10, rejected: 2, rejections: [] },
        [
          { line: 3, id: 'ip:1.2.3', problem: 'ip_range: not an IP address or CIDR range' },
          { id: 'ip:x', problem: 'ip_range: not an IP address or CIDR range' },
        ],
        1000,
      ),
      3,
    );

    expect(text).toContain('from standard input');
    expect(text).toContain('rejected:  10 (8 malformed lines, 2 refused by the service)');
    expect(text).toContain(
      [
        'Problems:',
        '  line 2: problem 1',
        '  line 3 (ip:1.2.3): ip_range: not an IP address or CIDR range',
        '  line 4: problem 2',
        '  … and 7 more (-o json lists the first 100 of each kind)',
      ].join('\n'),
    );
  });
});
