import { ConfigError, parseEnvironment } from '@platform/platform-kit';
import { relayEnvironment } from './relay.config';

function problemOf(environment: NodeJS.ProcessEnv): string {
  try {
    parseEnvironment(relayEnvironment, environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const valid = { PLATFORM_REDIS_URL: 'redis://127.0.0.1:6379', PLATFORM_POP: 'aws-us-east-1' };

describe('relayEnvironment', () => {
  it('reads the relay settings with a default backlog limit of 1000', () => {
    expect(parseEnvironment(relayEnvironment, valid)).toEqual({
      ...valid,
      PLATFORM_RELAY_BACKLOG_LIMIT: 1000,
    });
    expect(
      parseEnvironment(relayEnvironment, { ...valid, PLATFORM_RELAY_BACKLOG_LIMIT: '25' })
        .PLATFORM_RELAY_BACKLOG_LIMIT,
    ).toBe(25);
  });

  it('never echoes a Redis URL, which may carry a password', () => {
    const message = problemOf({ ...valid, PLATFORM_REDIS_URL: 'http://:s3cret@redis:6379' });

    expect(message).toBe('PLATFORM_REDIS_URL: expected a redis:// or rediss:// URL');
  });

  it.each([
    [{ PLATFORM_POP: undefined }, 'PLATFORM_POP: is required'],
    [{ PLATFORM_REDIS_URL: undefined }, 'PLATFORM_REDIS_URL: is required'],
    [
      { PLATFORM_RELAY_BACKLOG_LIMIT: 'many' },
      'PLATFORM_RELAY_BACKLOG_LIMIT: expected a whole number, got "many"',
    ],
    [
      { PLATFORM_RELAY_BACKLOG_LIMIT: '0' },
      'PLATFORM_RELAY_BACKLOG_LIMIT: expected a backlog limit from 1 to 100000',
    ],
  ])('names the bad variable in %p', (change, message) => {
    expect(problemOf({ ...valid, ...change })).toBe(message);
  });
});
