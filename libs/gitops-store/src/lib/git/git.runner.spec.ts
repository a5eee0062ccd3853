import { gitEnvironment, summarizeGitOutput } from './git.runner';

describe(summarizeGitOutput.name, () => {
  it('puts git output on one line without hints or credentials', () => {
    expect(
      summarizeGitOutput(
        "error: failed to push some refs to 'https://bot:s3cret@git.example/gitops.git'\n" +
          'hint: Updates were rejected because the remote contains work\n\n' +
          'remote: policy: frozen\r\n',
      ),
    ).toBe(
      "error: failed to push some refs to 'https://***@git.example/gitops.git'; remote: policy: frozen",
    );
  });

  it('caps a long output', () => {
    expect(summarizeGitOutput('x'.repeat(2000))).toHaveLength(500);
  });
});

describe(gitEnvironment.name, () => {
  it('drops variables that would point git at another repository and never prompts', () => {
    const env = gitEnvironment(
      { PATH: '/usr/bin', GIT_DIR: '/elsewhere/.git', GIT_INDEX_FILE: '/elsewhere/index' },
      { name: 'Control Plane', email: 'cp@platform.invalid' },
    );
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Control Plane',
    });
    expect(env.GIT_DIR).toBeUndefined();
    expect(env.GIT_INDEX_FILE).toBeUndefined();
  });
});
