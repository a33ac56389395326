import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns';

export const merchants = sqliteTable('merchants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at').notNull(),
});

export const users = sqliteTable(
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

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    // SHA-256 of the secret: keys are 190 bits of randomness, so a fast hash is safe and lets
    // every request find its key with one indexed lookup.
    keyHash: text('key_hash').notNull().unique(),
    redacted: text('redacted').notNull(),
    createdAt: timestamp('created_at').notNull(),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [index('api_keys_merchant_idx').on(t.merchantId)],
);
