/**
 * Runs the bot-detection benchmark alone (`node tools/bin/run-ts.cjs
 * tools/bench/bot-detection/run-bot-detection-bench.ts`), for working on the service without
 * running every benchmark; `npm run bench` runs it with the others once registered.
 */
import { botDetectionBenchmark } from './bot-detection.bench';

botDetectionBenchmark
  .run((message) => process.stdout.write(`${message}\n`))
  .then((results) => {
    for (const result of results) process.stdout.write(`${JSON.stringify(result)}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
