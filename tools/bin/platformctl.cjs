#!/usr/bin/env node
// `npx platformctl …` from the repository root, straight from source.
const path = require('node:path');
const { runTs } = require('./run-ts.cjs');

runTs(
  path.join(__dirname, '..', '..', 'apps', 'platformctl', 'src', 'main.ts'),
  process.argv.slice(2),
);
