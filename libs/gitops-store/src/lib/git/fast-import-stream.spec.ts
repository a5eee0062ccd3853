import { fastImportChainStream, fastImportStream } from './fast-import-stream';

describe(fastImportStream.name, () => {
  it('counts data in bytes and quotes paths, so any text and file name survives', () => {
    const stream = fastImportStream({
      ref: 'refs/heads/main',
      parent: 'a'.repeat(40),
      author: { name: 'Control Plane', email: 'cp@platform.invalid' },
      message: 'Résumé\n',
      files: [
        { path: 'gitops/spaces/"odd" name.yaml', content: 'naïve: ✓\n', mode: '100644' },
        { path: 'gitops/spaces/old.yaml', content: null, mode: '100644' },
      ],
    });

    expect(stream).toBe(
      [
        'feature done',
        'commit refs/heads/main',
        'author Control Plane <cp@platform.invalid> now',
        'committer Control Plane <cp@platform.invalid> now',
        'data 9',
        'Résumé',
        '',
        `from ${'a'.repeat(40)}`,
        'M 100644 inline "gitops/spaces/\\"odd\\" name.yaml"',
        'data 12',
        'naïve: ✓',
        '',
        'D "gitops/spaces/old.yaml"',
        'done',
        '',
      ].join('\n'),
    );
  });
});

describe(fastImportChainStream.name, () => {
  it('starts only the first commit from the parent; the next ones continue the branch', () => {
    const stream = fastImportChainStream(
      { ref: 'refs/heads/main', parent: 'b'.repeat(40), author: { name: 'CP', email: 'cp@x' } },
      [
        { message: 'one', files: [{ path: 'a', content: '1', mode: '100644' }] },
        { message: 'two', files: [{ path: 'b', content: null, mode: '100644' }] },
      ],
    );
    expect(stream.match(/^commit refs\/heads\/main$/gm)).toHaveLength(2);
    expect(stream.match(/^from /gm)).toEqual(['from ']);
    expect(stream.indexOf(`from ${'b'.repeat(40)}`)).toBeLessThan(stream.indexOf('data 3\ntwo'));
    expect(stream.endsWith('D "b"\ndone\n')).toBe(true);
  });
});
