export * from './lib/outbox';
export * from './lib/relay-gateway';
