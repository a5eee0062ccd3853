export * from './documents';
export * from './edit-files';
export * from './fake-render';
export * from './valid-fleet';
