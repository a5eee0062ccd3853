// Generates TypeScript from proto/ with buf and ts-proto (both local: no network).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GENERATED_DIR = 'libs/contracts/src/generated';

/** Writes the generated contracts to `outDir` (absolute), replacing what was there. */
export function generateContracts(root, outDir) {
  const template = readFileSync(join(root, 'buf.gen.yaml'), 'utf8').replace(
    `out: ${GENERATED_DIR}`,
    `out: ${outDir}`,
  );
  const scratch = mkdtempSync(join(tmpdir(), 'buf-gen-'));
  const templatePath = join(scratch, 'buf.gen.yaml');
  writeFileSync(templatePath, template);
  rmSync(outDir, { recursive: true, force: true });
  try {
    run(root, ['buf', 'generate', '--template', templatePath]);
    // Prettier keeps the committed files stable whatever ts-proto's own formatting does.
    run(root, [
      'prettier',
      '--write',
      '--log-level',
      'warn',
      '--config',
      join(root, '.prettierrc.json'),
      '--ignore-path',
      '',
      outDir,
    ]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function run(root, args) {
  const result = spawnSync('npx', ['--no-install', ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${args[0]} failed with exit ${result.status ?? result.signal}`);
  }
}
