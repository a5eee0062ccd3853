export * from './lib/bot-detection-client';
export * from './lib/bot-detection-client.metrics';
