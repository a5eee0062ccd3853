import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DesiredState } from './agent-state';
import { writeFileAtomically } from './atomic-file';
import type { DirectiveApplier } from './directive.applier';

export const DESIRED_STATE_FILE = 'desired-state.json';

/**
 * The default applier: records the desired state in the state directory
 * (`desired-state.json`) as the record of what runs. A Kubernetes applier can replace it.
 */
export class FileStateApplier implements DirectiveApplier {
  constructor(private readonly stateDir: string) {}

  async apply(desired: DesiredState): Promise<void> {
    await mkdir(this.stateDir, { recursive: true });
    await writeFileAtomically(
      join(this.stateDir, DESIRED_STATE_FILE),
      `${JSON.stringify(desired, null, 2)}\n`,
    );
  }
}
