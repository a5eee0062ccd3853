/** The roles an operator token can carry, from the most to the least powerful. */
export const OPERATOR_ROLES = ['admin', 'operator', 'customer-success', 'viewer'] as const;

export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** Whether `value` names one of {@link OPERATOR_ROLES}. */
export function isOperatorRole(value: unknown): value is OperatorRole {
  return typeof value === 'string' && (OPERATOR_ROLES as readonly string[]).includes(value);
}
