#!/usr/bin/env node
// `npm run proto:generate`: regenerates libs/contracts/src/generated from proto/.
import { join } from 'node:path';
import { workspaceRoot } from '../dev/workspace.mjs';
import { GENERATED_DIR, generateContracts } from './generate-contracts.mjs';

const root = workspaceRoot();
generateContracts(root, join(root, GENERATED_DIR));
process.stdout.write(`generated ${GENERATED_DIR}\n`);
