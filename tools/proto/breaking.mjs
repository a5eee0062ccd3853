#!/usr/bin/env node
// `buf breaking` against the contracts of the last platform release.
//
// Each release snapshots its contracts as a buf image in proto-released/<version>.binpb
// (`npm run proto:release -- <version>`); proto-released/LATEST names the newest. Stable
// packages (`v1`, `v2`, …) must stay wire- and source-compatible with that snapshot (rules
// FILE), because a Space one release behind must still talk to its PoP. Unstable packages
// (`v1alpha1`, `v1beta1`) are exempt until the first release promotes them.
//
// Usage: node tools/proto/breaking.mjs [--cwd <dir with proto/ and proto-released/>]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bufBinary, cwdArgument } from './buf-binary.mjs';

const cwd = cwdArgument();
const latestFile = join(cwd, 'proto-released', 'LATEST');
if (!existsSync(latestFile)) {
  process.stdout.write(
    'proto-released/LATEST: no released contracts yet, nothing to compare against\n',
  );
  process.exit(0);
}
const version = readFileSync(latestFile, 'utf8').trim();
const image = join('proto-released', `${version}.binpb`);
if (!existsSync(join(cwd, image))) {
  process.stderr.write(`proto-released/LATEST names ${version}, but ${image} is missing\n`);
  process.exit(1);
}
const result = spawnSync(
  bufBinary,
  ['breaking', 'proto', '--against', image, '--error-format', 'text'],
  {
    cwd,
    stdio: 'inherit',
  },
);
if (result.status === 0) {
  process.stdout.write(`contracts are compatible with release ${version}\n`);
} else {
  process.stderr.write(`contracts break compatibility with release ${version} (see above)\n`);
}
process.exit(result.status ?? 1);
