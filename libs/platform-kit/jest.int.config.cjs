module.exports = {
  displayName: 'platform-kit:int',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.int.spec.ts'],
  testTimeout: 30_000,
};
