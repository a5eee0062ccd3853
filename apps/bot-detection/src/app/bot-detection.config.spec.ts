import { ConfigError, parseEnvironment } from '@platform/platform-kit';
import { botDetectionEnvironment } from './bot-detection.config';

function problemOf(environment: NodeJS.ProcessEnv): string {
  try {
    parseEnvironment(botDetectionEnvironment, environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const SECRET = 'a-per-pop-secret-of-32-characters!';
const valid = {
  PLATFORM_REDIS_URL: 'redis://127.0.0.1:6379',
  PLATFORM_POP: 'aws-us-east-1',
  PLATFORM_BOT_DETECTION_SPACES: 'acme-prod, globex-prod',
  PLATFORM_BOT_DETECTION_USER_KEY: SECRET,
  PLATFORM_HTTP_PORT: '9464',
};

describe('botDetectionEnvironment', () => {
  it('reads the settings with a 20 ms rules deadline and HTTP on 127.0.0.1 by default', () => {
    expect(parseEnvironment(botDetectionEnvironment, valid)).toMatchObject({
      PLATFORM_BOT_DETECTION_RULES_DEADLINE_MS: 20,
      PLATFORM_HTTP_HOST: '127.0.0.1',
      PLATFORM_HTTP_PORT: 9464,
    });
  });

  it.each([
    [{ PLATFORM_BOT_DETECTION_SPACES: undefined }, 'PLATFORM_BOT_DETECTION_SPACES: is required'],
    [
      { PLATFORM_BOT_DETECTION_SPACES: 'acme,Not_A_Label' },
      'PLATFORM_BOT_DETECTION_SPACES: expected comma-separated Space names (DNS labels) or "*"',
    ],
    [
      { PLATFORM_BOT_DETECTION_RULES_DEADLINE_MS: '5000' },
      'PLATFORM_BOT_DETECTION_RULES_DEADLINE_MS: expected 1 to 1000 milliseconds',
    ],
    [{ PLATFORM_HTTP_PORT: undefined }, 'PLATFORM_HTTP_PORT: is required'],
  ])('refuses %j with one line naming the variable', (overrides, message) => {
    expect(problemOf({ ...valid, ...overrides })).toBe(message);
  });

  it('never echoes the user-key secret', () => {
    const message = problemOf({ ...valid, PLATFORM_BOT_DETECTION_USER_KEY: 'short-secret' });
    expect(message).toBe(
      'PLATFORM_BOT_DETECTION_USER_KEY: expected a secret of at least 32 characters',
    );
  });
});
