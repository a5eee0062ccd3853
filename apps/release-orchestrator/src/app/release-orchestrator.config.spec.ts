import { trainScheduleOf } from './release-orchestrator.config';

describe(trainScheduleOf.name, () => {
  it('reads a weekly train time in a zone', () => {
    expect(trainScheduleOf('monday 09:00 Europe/Berlin')).toEqual({
      day: 'monday',
      start: '09:00',
      timeZone: 'Europe/Berlin',
      durationMinutes: 1440,
    });
  });

  it('refuses a bad day, time or a zone that does not exist', () => {
    expect(trainScheduleOf('someday 09:00 UTC')).toBeUndefined();
    expect(trainScheduleOf('monday 9am UTC')).toBeUndefined();
    expect(trainScheduleOf('monday 09:00 Mars/Olympus_Mons')).toBeUndefined();
  });
});
