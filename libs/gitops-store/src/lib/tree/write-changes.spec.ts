import { InvalidArgumentError } from '@platform/errors';
import type { TempDir } from '@platform/testing';
import { createTempDir } from '@platform/testing';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { planChanges, writeChanges } from './write-changes';

describe(writeChanges.name, () => {
  let temp: TempDir;
  const seed = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(temp.path, path)), { recursive: true });
      writeFileSync(join(temp.path, path), text);
    }
  };
  const write = (changes: [string, string | null][]) =>
    writeChanges(temp.path, planChanges(new Map(changes)));

  beforeEach(() => {
    temp = createTempDir('write-changes');
    seed({
      'spaces/acme/deployment.yaml': 'replicas: 2\n',
      'spaces/acme/service.yaml': 'port: 443\n',
      'spaces/acme/nested/config.yaml': 'a: 1\n',
      'pops/eu.yaml': 'region: eu\n',
    });
  });
  afterEach(() => temp.remove());

  it('reports only the files whose content really changes, sorted', async () => {
    const changes = await write([
      ['spaces/acme/service.yaml', 'port: 443\n'],
      ['spaces/acme/deployment.yaml', 'replicas: 3\n'],
      ['spaces/beta/deployment.yaml', 'replicas: 1\n'],
      ['pops/us.yaml', null],
    ]);

    expect(changes).toEqual([
      { path: 'spaces/acme/deployment.yaml', content: 'replicas: 3\n', mode: '100644' },
      { path: 'spaces/beta/deployment.yaml', content: 'replicas: 1\n', mode: '100644' },
    ]);
    expect(readFileSync(join(temp.path, 'spaces/beta/deployment.yaml'), 'utf8')).toBe(
      'replicas: 1\n',
    );
  });

  it('shortens a file that gets shorter text', async () => {
    await write([['spaces/acme/deployment.yaml', 'r: 1\n']]);
    expect(readFileSync(join(temp.path, 'spaces/acme/deployment.yaml'), 'utf8')).toBe('r: 1\n');
  });

  it('keeps the executable mode of a file it rewrites', async () => {
    chmodSync(join(temp.path, 'pops/eu.yaml'), 0o755);
    expect(await write([['pops/eu.yaml', 'region: eu-west\n']])).toEqual([
      { path: 'pops/eu.yaml', content: 'region: eu-west\n', mode: '100755' },
    ]);
  });

  it('deletes a folder recursively, leaving no empty directory behind', async () => {
    const changes = await write([['spaces/acme/', null]]);

    expect(changes.map((change) => [change.path, change.content])).toEqual([
      ['spaces/acme/deployment.yaml', null],
      ['spaces/acme/nested/config.yaml', null],
      ['spaces/acme/service.yaml', null],
    ]);
    expect(existsSync(join(temp.path, 'spaces'))).toBe(false);
    expect(existsSync(join(temp.path, 'pops/eu.yaml'))).toBe(true);
  });

  it('replaces a folder by a file of the same name in one change', async () => {
    await write([
      ['spaces/acme/', null],
      ['spaces/acme', 'now a file\n'],
    ]);
    expect(readFileSync(join(temp.path, 'spaces/acme'), 'utf8')).toBe('now a file\n');
  });

  it('refuses to delete a folder named without a trailing slash', async () => {
    await expect(write([['spaces/acme', null]])).rejects.toThrow(/end the key with "\/"/);
  });

  it('refuses to write through a symbolic link', async () => {
    symlinkSync('/etc/hostname', join(temp.path, 'link.yaml'));
    await expect(write([['link.yaml', 'x\n']])).rejects.toThrow(InvalidArgumentError);
  });
});

describe(planChanges.name, () => {
  it.each([
    [[['../x', 'x']]],
    [[['a/', 'text for a folder']]],
    [[['/', null]]],
    [
      [
        ['a/b', 'x'],
        ['a//b', 'y'],
      ],
    ],
    [[['a', 42]]],
  ])('rejects %j before anything is written', (entries) => {
    expect(() => planChanges(new Map(entries as [string, string | null][]))).toThrow(
      InvalidArgumentError,
    );
  });
});
