import type { DesiredState } from './agent-state';

/**
 * Makes the Space run what a directive decided. It must be idempotent: after a crash between
 * apply and the state write, the same desired state is applied again.
 */
export interface DirectiveApplier {
  apply(desired: DesiredState): Promise<void>;
}

export const DIRECTIVE_APPLIER = Symbol('DIRECTIVE_APPLIER');
