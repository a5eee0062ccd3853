module.exports = {
  displayName: 'space-agent:int',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.int.spec.ts'],
  testTimeout: 60_000,
};
