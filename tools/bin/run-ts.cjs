#!/usr/bin/env node
// Runs a TypeScript entry point of the workspace from source: SWC compiles on the fly and keeps
// decorator metadata (NestJS needs it), and the tsconfig path aliases resolve.
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

function runTs(entry, args) {
  process.env.SWC_NODE_PROJECT ??= path.join(root, 'tsconfig.base.json');
  require('@swc-node/register');
  process.argv = [process.argv[0], path.resolve(entry), ...args];
  require(path.resolve(entry));
}

module.exports = { runTs };

if (require.main === module) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: run-ts <entry.ts> [args…]\n');
    process.exit(2);
  }
  runTs(entry, args);
}
