import { sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm';
import { asPostgres, type Db } from './client';
import { onPostgres } from './dialect';

/**
 * What services need that SQLite and PostgreSQL spell differently, in one place. Everything
 * else is drizzle's query builder, which speaks both.
 */

/** Rows of a raw query (`db.all` on SQLite, `execute(…).rows` on PostgreSQL). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  if (onPostgres) return (await asPostgres(db).execute(query)).rows as T[];
  return db.all<T>(query);
}

/** How many rows of a group satisfy `condition` (SQLite sums booleans, PostgreSQL does not). */
export const countWhere = (condition: SQL | SQLWrapper | undefined) =>
  sql<number>`coalesce(sum(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`.mapWith(Number);

/**
 * Case-insensitive "contains" on a text column, with `%`, `_` and `\` in `text` taken
 * literally: LIKE is case-insensitive (ASCII) on SQLite, ILIKE is its equal on PostgreSQL.
 */
export function containsText(column: SQLWrapper, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return onPostgres ? sql`${column} ILIKE ${pattern} ESCAPE '\\'` : sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

/**
 * Case-sensitive "starts with" on a text column, `prefix` taken literally, the same on both:
 * LIKE would differ (case-insensitive on SQLite, not on PostgreSQL) and read `_` and `%` as
 * wildcards. Both count characters in substr.
 */
export const startsWithText = (column: SQLWrapper, prefix: string): SQL => sql`substr(${column}, 1, ${sql.raw(String(prefix.length))}) = ${prefix}`;

/** A top-level field of a JSON column, as text. `key` is a fixed identifier, never input. */
export function jsonField(column: SQLWrapper, key: string): SQL<string | null> {
  if (!/^\w+$/.test(key)) throw new Error(`jsonField: '${key}' is not a plain key`);
  return onPostgres ? sql`(${column} ->> ${sql.raw(`'${key}'`)})` : sql`json_extract(${column}, ${sql.raw(`'$.${key}'`)})`;
}

/**
 * `SELECT … FOR UPDATE` on PostgreSQL: the row is locked until the transaction ends, so a
 * concurrent transaction deciding on the same row waits here, then (SERIALIZABLE) fails fast
 * and is retried against the winner's committed row, instead of doing its work first and
 * failing at COMMIT. A no-op on SQLite, where a transaction already runs alone.
 */
export function forUpdate<Q>(query: Q): Q {
  if (!onPostgres) return query;
  return (query as unknown as { for(strength: 'update'): Q }).for('update');
}

/**
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL: claims rows no other instance is claiming right now
 * (a queue: webhook deliveries), skipping instead of waiting. A no-op on SQLite.
 */
export function forUpdateSkipLocked<Q>(query: Q, of: unknown): Q {
  if (!onPostgres) return query;
  return (query as unknown as { for(strength: 'update', config: { of: unknown; skipLocked: true }): Q }).for('update', { of, skipLocked: true });
}

type Prepared = { execute(params: Record<string, unknown>): PromiseLike<unknown> };
type Preparable = { prepare(name?: string): Prepared };
type RowsOf<Q> = Q extends PromiseLike<infer R> ? R : never;

/** `{ column: sql.placeholder('column') }` for each column: the values of a prepared insert. */
export const placeholders = <K extends string>(columns: readonly K[]) =>
  Object.fromEntries(columns.map((column) => [column, sql.placeholder(column)])) as { [P in K]: Placeholder<P> };

/**
 * A placeholder for a prepared update's `set`, whose types take no bare placeholder. Bound as
 * given, without the column's mapping: for text and numbers only (not JSON or booleans).
 */
export const setPlaceholder = (name: string): SQL => sql`${sql.placeholder(name)}`;

/** The driver connection behind a handle: the SQLite handle, the pg pool, or a transaction's pooled client. */
const connectionOf = (db: Db): object => (db as unknown as { session: { client: object } }).session.client;

/**
 * A query built once and run with placeholders' values (`sql.placeholder('name')`), so no SQL
 * text is built per call: a prepared statement on SQLite; on PostgreSQL a named server-side
 * statement, kept per connection (the pool, or the pooled client a transaction runs on, which
 * outlives the transaction), so a transaction's queries reuse it too. `name` must be unique
 * per query. Selects answer rows; writes without `returning()` answer the driver's result.
 */
export function preparedQuery<Q extends Preparable & PromiseLike<unknown>>(name: string, build: (db: Db) => Q) {
  const statements = new WeakMap<object, Prepared>();
  return (db: Db, params: Record<string, unknown> = {}): Promise<RowsOf<Q>> => {
    const connection = connectionOf(db);
    let statement = statements.get(connection);
    if (!statement) {
      statement = build(db).prepare(name);
      statements.set(connection, statement);
    }
    return Promise.resolve(statement.execute(params)) as Promise<RowsOf<Q>>;
  };
}
