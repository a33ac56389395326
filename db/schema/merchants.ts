import { index, integer, table, text } from './core';
import { timestamp } from './columns';

export const merchants = table('merchants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at').notNull(),
});

export const users = table(
  'users',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    email: text('email').notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['owner', 'developer', 'support', 'viewer'] }).notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('users_merchant_idx').on(t.merchantId)],
);

export const apiKeys = table(
  'api_keys',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    // SHA-256 of the secret: keys are 190 bits of randomness, so a fast hash is safe and lets
    // every request find its key with one indexed lookup.
    keyHash: text('key_hash').notNull().unique(),
    redacted: text('redacted').notNull(),
    name: text('name'),
    // What the key may do: never more than whoever made it (see lib/security/permissions.ts).
    // Code always sets it; the default only matters to rows the migration has not classified.
    role: text('role', { enum: ['owner', 'developer', 'support', 'viewer'] }).notNull().default('viewer'),
    // Who made it, as shown: an email, the id of the key that made it, or null (the CLI).
    createdBy: text('created_by'),
    // The person whose authority the key carries (for a key made with a key, that key's
    // person); removing them or lowering their role revokes it. Null for CLI keys. No foreign
    // key: the id stays as history after the user is removed (and the key revoked).
    createdByUserId: text('created_by_user_id'),
    createdAt: timestamp('created_at').notNull(),
    // Written at most once a minute per key, so the hot path does not write on every call.
    lastUsedAt: timestamp('last_used_at'),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [index('api_keys_merchant_idx').on(t.merchantId), index('api_keys_created_by_user_idx').on(t.createdByUserId)],
);

/** Failed sign-ins per email, for lockout after repeated failures. */
export const loginAttempts = table('login_attempts', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull(),
  lockedUntil: timestamp('locked_until'),
  updatedAt: timestamp('updated_at').notNull(),
});

/** Recent API calls per merchant, for the developers' request log. */
export const apiRequests = table(
  'api_requests',
  {
    id: text('id').primaryKey(), // the request id
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    actor: text('actor').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status: integer('status').notNull(),
    durationMs: integer('duration_ms').notNull(),
    errorCode: text('error_code'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('api_requests_merchant_idx').on(t.merchantId, t.id)],
);
