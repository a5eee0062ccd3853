import { PermissionDeniedError } from '@platform/errors';
import {
  assertPermitted,
  isPermitted,
  OPERATOR_ACTIONS,
  OPERATOR_ROLES,
  PERMISSIONS,
  type OperatorAction,
  type OperatorIdentity,
  type OperatorRole,
} from '../index';

// The agreed table, written out cell by cell: admin, operator, customer-success, viewer.
const Y = true;
const N = false;
const AGREED: Record<OperatorAction, [boolean, boolean, boolean, boolean]> = {
  'pops.read': [Y, Y, Y, Y],
  'pops.create': [Y, N, N, N],
  'pops.delete': [Y, N, N, N],
  'spaces.read': [Y, Y, Y, Y],
  'spaces.create': [Y, Y, Y, N],
  'spaces.update-window': [Y, Y, Y, N],
  'spaces.scale': [Y, Y, Y, N],
  'spaces.update-add-ons': [Y, Y, N, N],
  'spaces.failover': [Y, Y, N, N],
  'spaces.delete': [Y, Y, N, N],
  'releases.read': [Y, Y, Y, Y],
  'releases.publish': [Y, Y, N, N],
  'releases.block': [Y, Y, N, N],
  'releases.train': [Y, Y, N, N],
  'releases.rollback': [Y, Y, N, N],
  'releases.freeze': [Y, Y, N, N],
};

const cells = OPERATOR_ACTIONS.flatMap((action) =>
  OPERATOR_ROLES.map((role, column) => ({ action, role, allowed: AGREED[action][column] })),
);

function identity(role: OperatorRole): OperatorIdentity {
  return {
    subject: 'alice@example.com',
    role,
    issuer: 'platform-dev',
    expiresAt: new Date('2030-01-01T00:00:00Z'),
  };
}

describe('PERMISSIONS', () => {
  it('decides every action of the closed list, and nothing else', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...OPERATOR_ACTIONS].sort());
  });

  it.each(cells.filter((cell) => cell.allowed))('lets $role $action', ({ role, action }) => {
    expect(isPermitted(role, action)).toBe(true);
    expect(() => assertPermitted(identity(role), action)).not.toThrow();
  });

  it.each(cells.filter((cell) => !cell.allowed))(
    'does not let $role $action',
    ({ role, action }) => {
      expect(isPermitted(role, action)).toBe(false);
      expect(() => assertPermitted(identity(role), action)).toThrow(PermissionDeniedError);
    },
  );

  it('names the role, the action and who may do it when it refuses', () => {
    expect(() => assertPermitted(identity('viewer'), 'spaces.create')).toThrow(
      'role "viewer" may not spaces.create (allowed: admin, operator, customer-success)',
    );
  });
});
