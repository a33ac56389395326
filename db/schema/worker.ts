import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns';

/** One row per background job; the holder of an unexpired lease is the only one running it. */
export const workerLeases = sqliteTable('worker_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at').notNull(),
  heartbeatAt: timestamp('heartbeat_at').notNull(),
});
