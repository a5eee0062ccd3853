import type { ReadonlyTree } from '@platform/gitops-store';

/** A gitops tree held in memory (a past commit's files), readable like the store's tree. */
export class MemoryTree implements ReadonlyTree {
  constructor(private readonly files: ReadonlyMap<string, string>) {}

  async readFile(path: string): Promise<string | undefined> {
    return this.files.get(path);
  }

  async listFiles(dir = ''): Promise<string[]> {
    const prefix = dir === '' || dir.endsWith('/') ? dir : `${dir}/`;
    return [...this.files.keys()].filter((path) => path.startsWith(prefix)).sort();
  }

  async readAll(prefix = ''): Promise<Map<string, string>> {
    const paths = await this.listFiles(prefix);
    return new Map(paths.map((path) => [path, this.files.get(path) as string]));
  }
}
