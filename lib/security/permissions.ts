import type { users } from '@/db/schema';
import { DomainError } from '@/lib/errors';

export type Role = (typeof users.$inferSelect)['role'];
export const roles: readonly Role[] = ['owner', 'developer', 'support', 'viewer'];

/** Who may do what. An API key has a role too, and gets exactly that role's permissions. */
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
  'fx:manage': ['owner'], // the merchant's own exchange rates
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

/**
 * Permissions a credential never carries, whatever its role: a leaked key must not be able to
 * add people or promote anyone, so only a person signed in to the dashboard may.
 */
const sessionOnly: ReadonlySet<Permission> = new Set<Permission>(['team:manage']);

/** What a caller is, as far as authorization cares. */
export type Caller = { role: Role; via: 'api_key' | 'session' };

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(permissions) as Permission[]).filter((p) => can(role, p));
}

/** What this caller may do: its role's permissions, less the session-only ones for a key. */
export function callerPermissions(caller: Caller): Permission[] {
  return permissionsOf(caller.role).filter((p) => caller.via === 'session' || !sessionOnly.has(p));
}

export function assertCan(caller: Caller, permission: Permission): void {
  if (caller.via === 'api_key' && sessionOnly.has(permission)) {
    throw new DomainError('permission_denied', `API keys cannot do this (${permission}): an owner must be signed in to the dashboard.`);
  }
  if (!can(caller.role, permission)) {
    throw new DomainError('permission_denied', `Your role (${caller.role}) does not allow this action (${permission}).`);
  }
}

/**
 * Roles are not a ladder (support may refund, a developer may not), so "not above" means: no
 * permission that `limit` lacks. A developer may hand out developer and viewer keys, never
 * owner or support ones.
 */
export function roleWithin(role: Role, limit: Role): boolean {
  return permissionsOf(role).every((p) => can(limit, p));
}

export function rolesWithin(limit: Role): Role[] {
  return roles.filter((r) => roleWithin(r, limit));
}
