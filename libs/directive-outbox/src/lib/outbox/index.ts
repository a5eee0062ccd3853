export * from './directive-outbox';
export * from './outbox-entry';
export * from './outbox.store';
export * from './redis-outbox.store';
