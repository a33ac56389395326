import type { users } from '@/db/schema';
import { ApiError } from '@/lib/http/errors';

export type Role = (typeof users.$inferSelect)['role'];
export const roles: readonly Role[] = ['owner', 'developer', 'support', 'viewer'];

/** Who may do what. API keys act for the whole account, like the owner. */
export const permissions = {
  'payments:read': ['owner', 'developer', 'support', 'viewer'],
  'payments:create': ['owner', 'developer'],
  'payments:manage': ['owner', 'support'], // capture, cancel
  'refunds:create': ['owner', 'support'],
  'payouts:create': ['owner'],
  'reviews:decide': ['owner', 'support'],
  'risk:manage': ['owner', 'developer'],
  'alerts:acknowledge': ['owner', 'developer', 'support'],
  'alerts:configure': ['owner', 'developer'],
  'developers:manage': ['owner', 'developer'], // API keys, request log, webhooks
  'team:manage': ['owner'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) {
    throw new ApiError('permission_denied', `Your role (${role}) does not allow this action (${permission}).`);
  }
}
