import { FailedPreconditionError } from '@platform/errors';
import { freezesText, parseFreezes, parseSchedule, scheduleText } from './orchestrator-files';

describe('orchestrator files', () => {
  it('round-trips the fleet and Space freezes', () => {
    const freezes = {
      fleet: { reason: 'incident 42', until: '2026-12-01T00:00:00.000Z' },
      spaces: new Map([['acme', { reason: 'customer audit' }]]),
    };

    expect(parseFreezes(freezesText(freezes))).toEqual(freezes);
    expect(parseFreezes(freezesText({ spaces: new Map() }))).toEqual({ spaces: new Map() });
  });

  it('refuses a freeze without a reason, naming where', () => {
    expect(() => parseFreezes('spaces:\n  acme:\n    until: 2026-12-01T00:00:00Z\n')).toThrow(
      new FailedPreconditionError(
        'orchestrator/freezes.yaml: spaces.acme.reason: must not be empty',
      ),
    );
  });

  it('round-trips the schedule record, and starts at token 0', () => {
    const record = { fencingToken: 7, windowsHandledUntil: '2026-11-29T03:00:30.000Z' };

    expect(parseSchedule(scheduleText(record))).toEqual(record);
    expect(parseSchedule(undefined)).toEqual({ fencingToken: 0 });
  });
});
