import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The platform's version, from the workspace package.json the CLI ships with. */
export function platformctlVersion(): string {
  const manifest = JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'),
  );
  return String(manifest.version);
}
