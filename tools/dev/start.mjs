#!/usr/bin/env node
// `npm start`: installs what is missing, then runs the whole local platform (see
// tools/dev/launcher/launcher.main.ts). `npm start -- --fresh` starts from a clean .platform/.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureInstalled, requireCommand, workspaceRoot } from './workspace.mjs';

const root = workspaceRoot();
requireCommand('git', 'the platform keeps its desired state in a git repository');
requireCommand('redis-server', 'the PoP relays keep their directive queues in Redis');
ensureInstalled(root);
const { runTs } = createRequire(import.meta.url)('../bin/run-ts.cjs');
runTs(join(root, 'tools/dev/launcher/launcher.main.ts'), process.argv.slice(2));
