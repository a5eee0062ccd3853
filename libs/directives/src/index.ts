export * from './lib/directive-id';
export * from './lib/directive-limits';
export * from './lib/directive-signer';
export * from './lib/directive-verifier';
export * from './lib/validate-directive-body';
