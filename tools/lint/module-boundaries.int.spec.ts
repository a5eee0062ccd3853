import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/**
 * Lints `code` as if it were the file at `path` (nothing is written) with the ESLint CLI, as
 * `npm test` does, and returns `rule: message` for each problem.
 */
async function lintAs(path: string, code: string): Promise<string[]> {
  const eslint = join(root, 'node_modules', '.bin', 'eslint');
  const run = spawnSync(eslint, ['--stdin', '--stdin-filename', path, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as { messages: LintMessage[] }[];
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('module boundaries (ESLint, @nx/enforce-module-boundaries)', () => {
  it('rejects an app importing another app', async () => {
    const problems = await lintAs(
      'apps/control-plane/src/app/probe.ts',
      "import { PopRelayModule } from '../../../pop-relay/src/app/pop-relay.module';\nexport const probe = PopRelayModule;\n",
    );

    expect(problems.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('rejects the generated contracts depending on any library', async () => {
    const problems = await lintAs(
      'libs/contracts/src/lib/probe.ts',
      "import { NotFoundError } from '@platform/errors';\nexport const probe = NotFoundError;\n",
    );

    expect(problems.join('\n')).toMatch(
      /A project tagged with "type:contracts" cannot depend on any libs/,
    );
  });

  it('rejects a util library importing NestJS', async () => {
    const problems = await lintAs(
      'libs/pki/src/lib/probe.ts',
      "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n",
    );

    expect(problems.join('\n')).toMatch(/"type:util" is not allowed to import "@nestjs\/common"/);
  });

  it('rejects production code importing the testing entry', async () => {
    const problems = await lintAs(
      'apps/pop-relay/src/app/probe.ts',
      "import { startRedisServer } from '@platform/testing';\nexport const probe = startRedisServer;\n",
    );

    expect(problems.join('\n')).toMatch(/Test helpers are for specs only/);
  });

  it('accepts an app using the shared service kit', async () => {
    const problems = await lintAs(
      'apps/pop-relay/src/app/probe.ts',
      "import { checkHealth } from '@platform/platform-kit';\nexport const probe = checkHealth;\n",
    );

    expect(problems).toEqual([]);
  });
});
