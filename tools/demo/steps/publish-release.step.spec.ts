import { nextVersion } from './publish-release.step';

describe(nextVersion.name, () => {
  it('publishes the next weekly version after the newest', () => {
    expect(nextVersion('2026.47.0')).toBe('2026.48.0');
    expect(nextVersion('2026.47.3')).toBe('2026.48.0');
  });

  it('still finds a new name for a version outside the weekly scheme', () => {
    expect(nextVersion('hotfix')).toBe('hotfix-next');
  });
});
