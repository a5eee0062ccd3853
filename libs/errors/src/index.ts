export * from './lib/platform-error';
export * from './lib/errors';
