import 'reflect-metadata';
import { loadBotDetectionConfig } from './app/bot-detection.config';
import { startBotDetection } from './app/start-bot-detection';

const { config, botDetection } = loadBotDetectionConfig();
startBotDetection(config, botDetection).catch((error: unknown) => {
  process.stderr.write(
    `bot-detection: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
