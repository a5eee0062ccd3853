import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';

describe(writeFileAtomic.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pki-atomic-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the content with the given mode and leaves no temporary file behind', async () => {
    const path = join(dir, 'ca.key');

    await writeFileAtomic(path, 'secret', 0o600);

    expect(await readFile(path, 'utf8')).toBe('secret');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['ca.key']);
  });

  it('replaces an existing file as a whole', async () => {
    const path = join(dir, 'ca.crt');
    await writeFileAtomic(path, 'old content that is longer', 0o644);

    await writeFileAtomic(path, 'new', 0o644);

    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['ca.crt']);
  });

  it('leaves no temporary file behind when the write fails', async () => {
    const inTheWay = join(dir, 'ca.key');
    await mkdir(inTheWay);

    // Renaming a file over a directory fails after the temporary file was written.
    await expect(writeFileAtomic(inTheWay, 'new', 0o600)).rejects.toThrow();

    expect(await readdir(dir)).toEqual(['ca.key']);
  });
});
