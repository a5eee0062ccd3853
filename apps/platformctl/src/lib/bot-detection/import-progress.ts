import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import type { ImportTally } from './import-tally';

/**
 * Shows an import while `work` runs: a line that follows `tally` (lines read, sent, malformed,
 * rate), then `outcome` of the result as the closing title.
 */
export type ShowProgress = <Result>(
  title: string,
  tally: ImportTally,
  work: () => Promise<Result>,
  outcome: (result: Result) => string,
) => Promise<Result>;

/** For --no-progress: just the work. */
export const noProgress: ShowProgress = (_title, _tally, work) => work();

/**
 * Progress through listr2 on `stream` (stderr, so that the summary on stdout stays clean for
 * `-o json`): redrawn in place in a terminal, one line per second otherwise (CI, pipes, logs).
 */
export function listrProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }): ShowProgress {
  const terminal = stream.isTTY === true;
  // listr2 writes to "stdout" and "stderr" streams of its own; both go to `stream`.
  const logger = () =>
    new ListrLogger({
      processOutput: new ProcessOutput(stream as NodeJS.WriteStream, stream as NodeJS.WriteStream),
    });
  return async (title, tally, work, outcome) => {
    const started = Date.now();
    let result: { value: Awaited<ReturnType<typeof work>> } | undefined;
    let failure: { error: unknown } | undefined;
    const tasks = new Listr(
      [
        {
          title,
          task: async (_, task) => {
            const show = () => (task.output = describeProgress(tally, Date.now() - started));
            const timer = setInterval(show, terminal ? 200 : 1000);
            try {
              result = { value: await work() };
              task.title = outcome(result.value);
            } catch (error) {
              // The error itself is printed once, as platformctl's last line; not here as well.
              failure = { error };
              task.title = `${title}: failed after ${tally.sent} signatures were sent`;
              throw new Error('see below');
            } finally {
              clearInterval(timer);
            }
          },
        },
      ],
      {
        renderer: 'default',
        fallbackRenderer: 'simple',
        fallbackRendererCondition: !terminal,
        rendererOptions: { logger: logger(), showErrorMessage: false },
        fallbackRendererOptions: { logger: logger() },
        exitOnError: true,
      },
    );
    try {
      await tasks.run();
    } catch (error) {
      throw failure ? failure.error : error;
    }
    if (!result) throw new Error('the import ended without a result');
    return result.value;
  };
}

/** `lines 12000 · sent 11990 · malformed 10 · 8000 lines/s`. */
export function describeProgress(tally: ImportTally, elapsedMs: number): string {
  const rate = Math.round(tally.lines / (Math.max(elapsedMs, 1) / 1000));
  return [
    `lines ${tally.lines}`,
    `sent ${tally.sent}`,
    `malformed ${tally.malformed}`,
    `${rate} lines/s`,
  ].join(' · ');
}
