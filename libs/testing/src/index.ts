export * from './lib/child-process';
export * from './lib/eventually';
export * from './lib/free-port';
export * from './lib/git-remote';
export * from './lib/redis-server';
export * from './lib/service-process';
export * from './lib/temp-dir';
export * from './lib/test-pki';
