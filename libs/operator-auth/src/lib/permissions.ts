import { PermissionDeniedError } from '@platform/errors';
import type { OperatorAction } from './operator-actions';
import type { OperatorIdentity } from './operator-identity';
import type { OperatorRole } from './operator-roles';

const EVERYONE = ['admin', 'operator', 'customer-success', 'viewer'] as const;
const STAFF = ['admin', 'operator'] as const;
const CUSTOMER_FACING = ['admin', 'operator', 'customer-success'] as const;

/**
 * Which roles may perform each action. Reads are open to every role; customer-success may
 * provision a Space and change what a customer asks for (window, size), but not fail over,
 * delete, change add-ons or touch releases; only admins add or remove PoPs.
 */
export const PERMISSIONS: Readonly<Record<OperatorAction, readonly OperatorRole[]>> = {
  'pops.read': EVERYONE,
  'pops.create': ['admin'],
  'pops.delete': ['admin'],
  'spaces.read': EVERYONE,
  'spaces.create': CUSTOMER_FACING,
  'spaces.update-window': CUSTOMER_FACING,
  'spaces.scale': CUSTOMER_FACING,
  'spaces.update-add-ons': STAFF,
  'spaces.failover': STAFF,
  'spaces.delete': STAFF,
  'releases.read': EVERYONE,
  'releases.publish': STAFF,
  'releases.block': STAFF,
  'releases.train': STAFF,
  'releases.rollback': STAFF,
  'releases.freeze': STAFF,
};

/** Whether `role` may perform `action` according to {@link PERMISSIONS}. */
export function isPermitted(role: OperatorRole, action: OperatorAction): boolean {
  return PERMISSIONS[action].includes(role);
}

/**
 * @throws PermissionDeniedError naming the role, the action and the roles that may perform it,
 *   when the identity's role may not perform `action`.
 */
export function assertPermitted(identity: OperatorIdentity, action: OperatorAction): void {
  if (isPermitted(identity.role, action)) return;
  throw new PermissionDeniedError(
    `role "${identity.role}" may not ${action} (allowed: ${PERMISSIONS[action].join(', ')})`,
  );
}
