export * from './lib/request-ledger';
