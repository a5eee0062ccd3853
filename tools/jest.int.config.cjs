module.exports = {
  displayName: 'workspace-tools:int',
  preset: '../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.int.spec.ts'],
  testTimeout: 120_000,
};
