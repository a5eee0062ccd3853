export * from './lib/gitops-change';
export * from './lib/gitops-store.options';
export * from './lib/gitops.store';
export { COMMIT_TRAILERS, type CommitTrailer } from './lib/commit-message';
export type { BackoffPolicy } from './lib/retry/backoff';
export * from './lib/directory/gitops-directory';
