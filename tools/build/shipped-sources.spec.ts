import { isShippedSource } from './shipped-sources';

describe(isShippedSource.name, () => {
  it.each([
    'apps/pop-relay/src/main.ts',
    'apps/pop-relay/src/app/relay.service.ts',
    'libs/contracts/src/generated/platform/relay/v1alpha1/relay.ts',
    'libs/platform-kit/src/index.ts',
  ])('ships %s', (path) => {
    expect(isShippedSource(path)).toBe(true);
  });

  it.each([
    ['a unit spec', 'apps/pop-relay/src/app/live-subscription.spec.ts'],
    ['an integration spec', 'apps/pop-relay/src/app/relay.int.spec.ts'],
    ['a test folder', 'apps/pop-relay/src/test/relay-fixture.ts'],
    ['a lib test folder', 'libs/platform-kit/src/test/who-am-i.fixture.ts'],
    ["a lib's testing entry", 'libs/release-planning/src/testing/release-fixtures.ts'],
    ['test fixtures', 'libs/gitops/src/test-fixtures/fleet.ts'],
    ['a spec helper beside the code', 'libs/gitops/src/lib/render/test-support.ts'],
    ['a benchmark', 'apps/bot-detection/src/bench/signature-lookup.micro.ts'],
    ['the testing library', 'libs/testing/src/lib/redis-server.ts'],
    ['the end-to-end tests project', 'apps/services-e2e/src/helpers.ts'],
    ['a declaration file', 'libs/contracts/src/types.d.ts'],
    ['a file outside src/', 'apps/pop-relay/jest.config.ts'],
    ['tooling', 'tools/build/build-services.ts'],
    ['a non-TypeScript file', 'libs/platform-kit/src/test/who-am-i.proto'],
  ])('leaves out %s (%s)', (_what, path) => {
    expect(isShippedSource(path)).toBe(false);
  });
});
