import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import path from 'node:path';
import pg from 'pg';
import * as schema from './schema';

/**
 * PostgreSQL behind the same `Db` (db/client.ts): a node-postgres pool, transactions on one
 * pooled connection each, SERIALIZABLE with bounded retries. Nothing here is seen by services.
 */

export type PostgresDb = ReturnType<typeof drizzle<typeof schema, pg.Pool>>;

export const MIGRATIONS_FOLDER_PG = path.join(process.cwd(), 'db', 'migrations-pg');

// int8 (count(*), bigint columns in raw SQL) as a JS number, as SQLite answers; a value past
// 2^53 is refused rather than rounded (amounts are bounded by lib/money well below it).
pg.types.setTypeParser(pg.types.builtins.INT8, (text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} is not a safe integer`);
  return value;
});

/** TILLPOINT_DB_POOL: connections per process (default 10). */
export function poolSize(): number {
  const raw = process.env.TILLPOINT_DB_POOL?.trim();
  if (!raw) return 10;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`TILLPOINT_DB_POOL must be a positive whole number, got '${raw}'`);
  return Number(raw);
}

export function openPostgres(url: string): PostgresDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize(),
    // A database that does not answer fails the request (503) instead of hanging it.
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection (database restarted) must not crash the process;
  // the pool drops it and the next checkout opens a new one.
  pool.on('error', () => {});
  pool.on('connect', queryOneAtATime);
  return drizzle(pool, { schema });
}

/**
 * Services run queries side by side (`Promise.all`) inside one transaction, which is one
 * connection: node-postgres queues them itself but warns that doing so is deprecated (pg@9
 * drops the queue). Each pooled connection gets its own queue instead: a query starts when the
 * one before it on that connection has settled. Callback and Submittable forms (the pool's own,
 * cursors) pass through untouched.
 */
function queryOneAtATime(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let tail: Promise<unknown> = Promise.resolve();
  client.query = ((...args: unknown[]) => {
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof args[args.length - 1] === 'function' || typeof first?.submit === 'function') return query(...args);
    const run = tail.then(() => query(...args));
    tail = run.catch(() => {});
    return run;
  }) as typeof client.query;
}

export async function migratePostgres(db: PostgresDb): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER_PG });
}

export type PoolStats = { size: number; max: number; idle: number; waiting: number };

export function poolStats(db: PostgresDb): PoolStats {
  const pool = db.$client;
  return { size: pool.totalCount, max: pool.options.max ?? 10, idle: pool.idleCount, waiting: pool.waitingCount };
}

/** The SQLSTATE of a PostgreSQL error (drizzle wraps the driver's error in `cause`). */
export function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** The transaction lost a serialization race (40001) or a deadlock (40P01) too many times. */
export class TransactionConflictError extends Error {
  constructor(readonly attempts: number, cause: unknown) {
    super(`transaction conflicted ${attempts} times in a row (serialization failure or deadlock)`, { cause });
    this.name = 'TransactionConflictError';
  }
}

const RETRYABLE = new Set(['40001', '40P01']);
export const MAX_TRANSACTION_ATTEMPTS = 10;

/** Conflicts since start by `<sqlstate>:retried|exhausted` (Prometheus reads them). */
export const transactionRetryCounts = new Map<string, number>();

type RetryListener = (event: { attempt: number; code: string; exhausted: boolean }) => void;
const retryListeners: RetryListener[] = [];
/** The server logs retries through this (db/ knows nothing above it: instrumentation.ts). */
export function onTransactionRetry(listener: RetryListener): void {
  retryListeners.push(listener);
}

/**
 * How a transaction keeps concurrent instances apart on PostgreSQL (SQLite runs one at a time).
 * - Default, SERIALIZABLE: PostgreSQL guarantees what the SQLite code was written against
 *   (transactions as if one ran at a time), so no read that decides a write can race another
 *   instance's, whatever it reads (sums over many rows included: payout vs available balance).
 *   The loser of a race fails (40001) and is run again.
 * - `isolation: 'read committed'`: for a transaction whose decision rests on rows it locks first
 *   (`forUpdate`, db/sql.ts: a payment before a refund, capture or cancel, a refund before its
 *   outcome). Concurrent ones queue on the lock and each then reads the row as the one before
 *   left it: 20 refunds of one payment run one after another instead of failing in rounds.
 */
export type TransactionOptions = {
  isolation?: 'serializable' | 'read committed';
  /**
   * `false`: this commit need not reach the disk before the caller goes on; it may be lost in a
   * power cut or an OS crash (never in a process crash, never half of it), in order: the log is
   * sequential, so the next durable commit makes it durable too. For writes whose loss the
   * request survives: an idempotency claim (nothing is answered before the request's own durable
   * commit), the simulated processor's books (a lost charge is one the processor never took),
   * request logs, rate-limit counters, a stored answer a retry can rebuild. SQLite:
   * synchronous=NORMAL for its commit; PostgreSQL: synchronous_commit off. Default true.
   */
  durable?: boolean;
};

/**
 * A transaction that loses a race (40001, or a deadlock 40P01) rolled back entirely and is run
 * again from the start, after a jittered exponential pause, at most MAX_TRANSACTION_ATTEMPTS
 * times; then TransactionConflictError (503 with Retry-After, nothing written). `fn` only talks
 * to the database (the rule for every transaction), so running it again is safe.
 */
export async function postgresTransaction<T>(db: PostgresDb, fn: (tx: PostgresDb) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const begin = beginStatement(options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await runTransaction(db.$client, begin, fn);
    } catch (error) {
      const code = sqlState(error);
      if (!code || !RETRYABLE.has(code)) throw error;
      const exhausted = attempt >= MAX_TRANSACTION_ATTEMPTS;
      const key = `${code}:${exhausted ? 'exhausted' : 'retried'}`;
      transactionRetryCounts.set(key, (transactionRetryCounts.get(key) ?? 0) + 1);
      for (const listener of retryListeners) listener({ attempt, code, exhausted });
      if (exhausted) throw new TransactionConflictError(attempt, error);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
  }
}

/**
 * BEGIN with its isolation level and, for a commit that need not be durable, the setting that
 * says so: one simple-protocol message with both statements, one round trip instead of two.
 * A round trip is the cost that counts here: each is a write and a wake-up on both sides.
 */
const beginStatement = (options: TransactionOptions): string =>
  `BEGIN ISOLATION LEVEL ${(options.isolation ?? 'serializable').toUpperCase()}${options.durable === false ? '; SET LOCAL synchronous_commit TO OFF' : ''}`;

// One drizzle database per pooled connection, made the first time the connection runs a
// transaction and kept with it: building one walks the whole schema, and a handle that stays the
// same lets preparedQuery (db/sql.ts) keep its statements per connection.
const connectionDbs = new WeakMap<pg.PoolClient, PostgresDb>();
function databaseOn(client: pg.PoolClient): PostgresDb {
  let tx = connectionDbs.get(client);
  if (!tx) connectionDbs.set(client, (tx = drizzle(client, { schema }) as unknown as PostgresDb));
  return tx;
}

/**
 * One attempt on one pooled connection. A connection whose ROLLBACK fails (the socket is gone,
 * the database restarted) is dropped from the pool rather than handed to the next caller; the
 * error the caller sees is the transaction's own.
 */
async function runTransaction<T>(pool: pg.Pool, begin: string, fn: (tx: PostgresDb) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    try {
      const result = await fn(databaseOn(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    }
  } catch (error) {
    // A connection that lost the database (at BEGIN or later) is not one to give back.
    broken ??= isDatabaseUnavailable(error) ? (error as Error) : undefined;
    throw error;
  } finally {
    client.release(broken);
  }
}

// SQLSTATE classes and driver errors meaning "the database is not there right now": connection
// exceptions (08), operator intervention (57: shutdown, restart), a refused or dropped socket,
// or no pooled connection within connectionTimeoutMillis.
const UNAVAILABLE_STATE = /^(08|57P0)/;
const UNAVAILABLE_MESSAGE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|timeout exceeded when trying to connect|Connection terminated/i;

/** A failure to answer 503 with Retry-After: retrying later can succeed, nothing was written. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof TransactionConflictError) return true;
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && (UNAVAILABLE_STATE.test(e.code) || UNAVAILABLE_MESSAGE.test(e.code))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/** PostgreSQL refused a text value (a NUL byte, 22021/22P05): the input's fault, not ours. */
export const isUnstorableText = (error: unknown): boolean => ['22021', '22P05'].includes(sqlState(error) ?? '');
