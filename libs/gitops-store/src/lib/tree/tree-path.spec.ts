import { InvalidArgumentError } from '@platform/errors';
import fc from 'fast-check';
import { join, relative } from 'node:path';
import { normalizeTreeDir, normalizeTreeFile, repoPath } from './tree-path';

describe(normalizeTreeFile.name, () => {
  it('tidies harmless spellings of a path', () => {
    expect(normalizeTreeFile('./spaces//acme/./service.yaml')).toBe('spaces/acme/service.yaml');
    expect(normalizeTreeDir('spaces/acme/')).toBe('spaces/acme');
    expect(normalizeTreeDir('')).toBe('');
    expect(normalizeTreeDir('./')).toBe('');
  });

  it.each([
    ['../outside.yaml'],
    ['spaces/../../outside.yaml'],
    ['spaces/..'],
    ['/etc/passwd'],
    ['.git/config'],
    ['spaces/.GIT/hooks/pre-commit'],
    ['spaces\\..\\x'],
    ['bad\nname.yaml'],
    [''],
    ['spaces/'],
  ])('rejects %j with an InvalidArgumentError', (path) => {
    expect(() => normalizeTreeFile(path)).toThrow(InvalidArgumentError);
  });

  it('never yields a path that leaves the tree or reaches .git, whatever the input', () => {
    const segment = fc.constantFrom(
      '..',
      '.',
      '',
      'a',
      'b.yaml',
      '.git',
      '.GIT',
      '...',
      'x\\y',
      ' ',
    );
    const anyPath = fc.oneof(
      fc.array(segment, { maxLength: 6 }).map((parts) => parts.join('/')),
      fc.string(),
    );
    fc.assert(
      fc.property(anyPath, fc.boolean(), (path, absolute) => {
        const input = absolute ? `/${path}` : path;
        let normalized: string;
        try {
          normalized = normalizeTreeDir(input);
        } catch (error) {
          return error instanceof InvalidArgumentError;
        }
        const root = '/srv/clone/gitops';
        const resolved = relative(root, join(root, normalized));
        return (
          resolved !== '..' &&
          !resolved.startsWith('../') &&
          !normalized.startsWith('/') &&
          !normalized.split('/').some((part) => part === '..' || part.toLowerCase() === '.git')
        );
      }),
    );
  });
});

describe(repoPath.name, () => {
  it('puts tree paths under the subdirectory', () => {
    expect(repoPath('gitops', 'spaces/acme.yaml')).toBe('gitops/spaces/acme.yaml');
    expect(repoPath('', 'spaces/acme.yaml')).toBe('spaces/acme.yaml');
    expect(repoPath('gitops', '')).toBe('gitops');
  });
});
