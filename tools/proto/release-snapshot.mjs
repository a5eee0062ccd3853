#!/usr/bin/env node
// `npm run proto:release -- <version>`: records the contracts a platform release ships, so later
// changes are checked against them by tools/proto/breaking.mjs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bufBinary, cwdArgument } from './buf-binary.mjs';

const version = process.argv[2];
if (!version || !/^[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(version)) {
  process.stderr.write('usage: npm run proto:release -- <version> [--cwd <dir>]\n');
  process.exit(2);
}
const cwd = cwdArgument();
mkdirSync(join(cwd, 'proto-released'), { recursive: true });
const image = join('proto-released', `${version}.binpb`);
const result = spawnSync(bufBinary, ['build', 'proto', '-o', image], { cwd, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(join(cwd, 'proto-released', 'LATEST'), `${version}\n`);
process.stdout.write(`wrote ${image}; proto-released/LATEST is now ${version}\n`);
