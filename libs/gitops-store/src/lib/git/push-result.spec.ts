import { classifyPushFailure, parsePushRejections } from './push-result';

describe(classifyPushFailure.name, () => {
  const porcelain = (reason: string) =>
    `To /srv/gitops.git\n!\tHEAD:refs/heads/main\t${reason}\nDone\n`;

  it.each([
    ['[rejected] (fetch first)', ''],
    ['[rejected] (non-fast-forward)', ''],
    [
      '[remote rejected] (failed to update ref)',
      "remote: error: cannot lock ref 'refs/heads/main': is at 1a2b but expected 3c4d\n",
    ],
  ])('treats %j as a lost race, worth applying again', (reason, stderr) => {
    expect(classifyPushFailure(porcelain(reason), stderr).lostRace).toBe(true);
  });

  it('treats a hook rejection as final and describes it', () => {
    expect(
      classifyPushFailure(
        porcelain('[remote rejected] (pre-receive hook declined)'),
        'remote: no\n',
      ),
    ).toEqual({ lostRace: false, detail: '[remote rejected] pre-receive hook declined' });
  });

  it('treats an unreachable remote (no porcelain lines) as final', () => {
    expect(
      classifyPushFailure(
        '',
        "fatal: unable to access 'https://git.example/': Could not resolve host\n",
      ),
    ).toEqual({ lostRace: false, detail: '' });
  });
});

describe(parsePushRejections.name, () => {
  it('ignores refs that were updated', () => {
    expect(
      parsePushRejections(
        'To r\n \tHEAD:refs/heads/main\t1a..2b\n!\tx:refs/heads/y\t[rejected] (stale info)\nDone\n',
      ),
    ).toEqual([{ ref: 'x:refs/heads/y', summary: '[rejected]', reason: 'stale info' }]);
  });
});
