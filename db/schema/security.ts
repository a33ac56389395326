import { index, integer, table, text } from './core';
import { timestamp } from './columns';
import { users } from './merchants';

/**
 * One row per signed-in browser. The session cookie (a signed JWT) names its row, and every
 * request looks the row up by primary key, so deleting the row ends the session at once:
 * sign-out, a password change, a role change or the user's removal.
 */
export const sessions = table(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    // Written at most once a minute per session, so reading a page does not cost a commit.
    lastSeenAt: timestamp('last_seen_at').notNull(),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * rate-limiter-flexible's RateLimiterSQLite table (its own layout: `key`, `points`, `expire` in
 * epoch ms), created here by a migration instead of by the library at run time.
 */
export const rateLimits = table('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  // Epoch ms: bigint on PostgreSQL, as RateLimiterPostgres creates it.
  expire: timestamp('expire'),
});
