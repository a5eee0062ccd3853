export * from './lib/model/desired-state';
