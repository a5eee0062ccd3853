import { isAbsolute, join, resolve } from 'node:path';

export interface DemoOptions {
  stateDir: string;
  /** How much faster than real time virtual time runs while the demo waits for a window. */
  rate: number;
  /** Where to write the machine-readable results, if anywhere. */
  jsonFile?: string;
}

const USAGE = 'usage: npm run demo -- [--state-dir <dir>] [--rate <n>] [--json <file>]';

/** The same state directory as `npm start` (--state-dir, $PLATFORM_DEV_STATE_DIR, `.platform/`). */
export function parseDemoOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  workspaceRoot: string,
): DemoOptions {
  let stateDir = env['PLATFORM_DEV_STATE_DIR'] || join(workspaceRoot, '.platform');
  let rate = 300;
  let jsonFile: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const [flag, inline] = argv[index].split(/=(.*)/s, 2);
    const value = () => {
      const found = inline ?? argv[++index];
      if (found === undefined || found === '') throw new Error(`${flag} needs a value; ${USAGE}`);
      return found;
    };
    if (flag === '--state-dir') stateDir = value();
    else if (flag === '--json') jsonFile = resolve(value());
    else if (flag === '--rate') {
      rate = Number(value());
      if (!Number.isFinite(rate) || rate < 10 || rate > 5_000) {
        throw new Error(`--rate must be a number from 10 to 5000; ${USAGE}`);
      }
    } else throw new Error(`unknown option ${argv[index]}; ${USAGE}`);
  }
  return { stateDir: isAbsolute(stateDir) ? stateDir : resolve(stateDir), rate, jsonFile };
}
