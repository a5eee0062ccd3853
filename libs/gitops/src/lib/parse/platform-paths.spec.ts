import { classifyPath, documentPath } from './platform-paths';

describe(classifyPath.name, () => {
  it('finds the kind and name of a desired-state file', () => {
    expect(classifyPath('platform/releases/2026.10.0.yaml')).toEqual({
      role: 'document',
      kind: 'Release',
      name: '2026.10.0',
    });
    expect(classifyPath('platform/settings.yaml')).toEqual({ role: 'settings' });
  });

  it('leaves everything outside platform/ alone', () => {
    expect(classifyPath('rendered/spaces/acme/configmap-acme.yaml')).toEqual({ role: 'outside' });
    expect(classifyPath('platforms/spaces/acme.yaml')).toEqual({ role: 'outside' });
  });

  it('suggests the folder a typo meant', () => {
    expect(classifyPath('platform/Releases/2026.10.0.yaml')).toMatchObject({
      role: 'unexpected',
      problem: expect.stringContaining('(did you mean platform/releases/?)'),
    });
  });

  it('round-trips with documentPath', () => {
    expect(classifyPath(documentPath('Space', 'acme'))).toEqual({
      role: 'document',
      kind: 'Space',
      name: 'acme',
    });
  });
});
