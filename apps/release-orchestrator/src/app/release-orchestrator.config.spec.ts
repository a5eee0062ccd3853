import { ConfigError, parseEnvironment } from '@platform/platform-kit';
import { releaseOrchestratorEnvironment, trainScheduleOf } from './release-orchestrator.config';

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

describe('PLATFORM_TRAIN_MODE', () => {
  const shape = { PLATFORM_TRAIN_MODE: releaseOrchestratorEnvironment.PLATFORM_TRAIN_MODE };

  it('commits trains to the gitops branch unless told to push them for review', () => {
    expect(parseEnvironment(shape, {}).PLATFORM_TRAIN_MODE).toBe('commit');
    expect(parseEnvironment(shape, { PLATFORM_TRAIN_MODE: 'review' }).PLATFORM_TRAIN_MODE).toBe(
      'review',
    );
  });

  it('names the variable when the mode is unknown', () => {
    expect(() => parseEnvironment(shape, { PLATFORM_TRAIN_MODE: 'pr' })).toThrow(ConfigError);
    expect(() => parseEnvironment(shape, { PLATFORM_TRAIN_MODE: 'pr' })).toThrow(
      /^PLATFORM_TRAIN_MODE: /,
    );
  });
});
