import { isAbsolute, join, resolve } from 'node:path';

export interface LauncherOptions {
  /** Remove the state directory first. */
  fresh: boolean;
  stateDir: string;
}

/** The variable that moves the state directory (tests use a temporary one). */
export const STATE_DIR_VARIABLE = 'PLATFORM_DEV_STATE_DIR';

const USAGE = 'usage: npm start -- [--fresh] [--state-dir <dir>]';

/**
 * `--fresh` and `--state-dir <dir>` (or $PLATFORM_DEV_STATE_DIR; default `.platform/` in the
 * workspace). Anything else is an error naming it.
 */
export function parseLauncherOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  workspaceRoot: string,
): LauncherOptions {
  let fresh = false;
  let stateDir = env[STATE_DIR_VARIABLE] || join(workspaceRoot, '.platform');
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--fresh') fresh = true;
    else if (argument === '--state-dir' || argument.startsWith('--state-dir=')) {
      const value = argument.includes('=')
        ? argument.slice(argument.indexOf('=') + 1)
        : argv[++index];
      if (!value) throw new Error(`--state-dir needs a directory; ${USAGE}`);
      stateDir = value;
    } else throw new Error(`unknown option ${argument}; ${USAGE}`);
  }
  return { fresh, stateDir: isAbsolute(stateDir) ? stateDir : resolve(stateDir) };
}
