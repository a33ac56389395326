import { integer, table, text } from './core';
import { timestamp } from './columns';

/** One row per background job; the holder of an unexpired lease is the only one running it. */
export const workerLeases = table('worker_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at').notNull(),
  heartbeatAt: timestamp('heartbeat_at').notNull(),
});

/**
 * Every running server or worker process, with a heartbeat: how a process tells whether the
 * holder of an idempotency key (or, later, a lease) is still alive.
 */
export const serverInstances = table('server_instances', {
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: timestamp('started_at').notNull(),
  heartbeatAt: timestamp('heartbeat_at').notNull(),
});
