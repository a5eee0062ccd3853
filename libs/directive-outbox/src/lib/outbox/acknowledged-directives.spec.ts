import { acknowledgedDirectives } from './acknowledged-directives';

describe(acknowledgedDirectives.name, () => {
  const atRelay = ['d_1', 'd_2', 'd_3'];

  it('counts our directives up to the one the agent acknowledged last', () => {
    expect(acknowledgedDirectives(atRelay, { lastAcknowledgedId: 'd_2', backlog: 1 })).toEqual([
      'd_1',
      'd_2',
    ]);
  });

  it('counts every directive once the relay holds nothing unacknowledged', () => {
    expect(acknowledgedDirectives(atRelay, { lastAcknowledgedId: 'x_other', backlog: 0 })).toEqual(
      atRelay,
    );
  });

  it('counts none while the backlog holds something and the last acknowledgement is not ours', () => {
    // Another publisher's newer id says nothing about ours: it may have reached the relay first.
    expect(acknowledgedDirectives(atRelay, { lastAcknowledgedId: 'z_newer', backlog: 2 })).toEqual(
      [],
    );
    expect(acknowledgedDirectives(atRelay, { lastAcknowledgedId: '', backlog: 3 })).toEqual([]);
    expect(acknowledgedDirectives(atRelay, undefined)).toEqual([]);
  });
});
