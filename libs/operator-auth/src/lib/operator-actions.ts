/**
 * Every action the control plane and the release orchestrator authorize, as `<resource>.<verb>`.
 * The list is closed on purpose: a new RPC needs a new entry here, and so a decision in
 * {@link PERMISSIONS}, before it can be called.
 */
export const OPERATOR_ACTIONS = [
  'pops.read',
  'pops.create',
  'pops.delete',
  'spaces.read',
  'spaces.create',
  'spaces.update-window',
  'spaces.scale',
  'spaces.update-add-ons',
  'spaces.failover',
  'spaces.delete',
  'releases.read',
  'releases.publish',
  'releases.block',
  'releases.train',
  'releases.rollback',
  'releases.freeze',
] as const;

export type OperatorAction = (typeof OPERATOR_ACTIONS)[number];
