#!/usr/bin/env node
// Policy: generated contracts are committed, and CI proves they equal a fresh generation, so a
// proto change without `npm run proto:generate` fails here with the files that differ.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '../dev/workspace.mjs';
import { GENERATED_DIR, generateContracts } from './generate-contracts.mjs';

const root = workspaceRoot();
const scratch = mkdtempSync(join(tmpdir(), 'contracts-'));
const fresh = join(scratch, 'generated');
try {
  generateContracts(root, fresh);
  const diff = spawnSync(
    'git',
    ['diff', '--no-index', '--stat', '--', join(root, GENERATED_DIR), fresh],
    {
      encoding: 'utf8',
    },
  );
  if (diff.status === 0) {
    process.stdout.write(`${GENERATED_DIR} matches proto/\n`);
  } else {
    process.stderr.write(diff.stdout);
    process.stderr.write(
      `${GENERATED_DIR}: out of date with proto/; run \`npm run proto:generate\` and commit the result\n`,
    );
    process.exitCode = 1;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
