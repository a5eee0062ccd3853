import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InternalError } from '@platform/errors';
import { writeFileAtomically } from './atomic-file';
import { PROCESSED_ID_WINDOW, type AgentState } from './agent-state';

export const STATE_FILE = 'agent-state.json';

/** The agent's state file in its state directory (`agent-state.json`). */
export class AgentStateRepository {
  constructor(private readonly stateDir: string) {}

  get path(): string {
    return join(this.stateDir, STATE_FILE);
  }

  /** The saved state, or undefined when the Space has none yet. */
  async load(): Promise<AgentState | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const state = JSON.parse(text) as AgentState;
    if (state.version !== 1 || !Array.isArray(state.processed)) {
      throw new InternalError(`${this.path} is not an agent state file of version 1`);
    }
    return state;
  }

  /** Writes the state atomically (temp file, fsync, rename), keeping the last processed ids. */
  async save(state: AgentState): Promise<void> {
    await mkdir(this.stateDir, { recursive: true });
    const bounded: AgentState = {
      ...state,
      processed: state.processed.slice(-PROCESSED_ID_WINDOW),
    };
    await writeFileAtomically(this.path, `${JSON.stringify(bounded, null, 2)}\n`);
  }
}
