import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import path from 'node:path';
import { DIALECT, dialectOf, isPostgresUrl, onPostgres } from './dialect';
import { MIGRATIONS_FOLDER_PG, migratePostgres, openPostgres, poolStats, postgresTransaction, type PoolStats, type PostgresDb, type TransactionOptions } from './postgres';
import { queryRows } from './sql';
import * as schema from './schema';

/**
 * The database handle services receive. Typed as drizzle's SQLite database; on PostgreSQL a
 * node-postgres drizzle database stands behind it (db/postgres.ts). Services use only what both
 * share: awaited query builders (`await db.select()…`, `.returning()`), `transaction()` below,
 * and the helpers in db/sql.ts for what differs (raw rows, row locks, text search, JSON fields).
 * `.get()/.all()/.run()`, `$client` and `db.all(sql)` are SQLite-only: ESLint keeps them in db/.
 */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DATABASE_URL = 'file:./data/tillpoint.db';

const databaseUrl = (url?: string) => url ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;

/** `file:./data/x.db`, `./data/x.db` or `:memory:` → a path better-sqlite3 opens (SQLite only). */
export function databasePath(url?: string): string {
  const resolved = databaseUrl(url);
  if (isPostgresUrl(resolved)) throw new Error('databasePath() is for SQLite; DATABASE_URL is a PostgreSQL URL');
  if (resolved === ':memory:') return resolved;
  return path.resolve(resolved.replace(/^file:/, ''));
}

/** DATABASE_URL as it may be printed: a PostgreSQL password is masked. */
export function describeDatabase(url?: string): string {
  const resolved = databaseUrl(url);
  return isPostgresUrl(resolved) ? resolved.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@') : databasePath(resolved);
}

/** The PostgreSQL handle behind `db` (a process talks to one dialect: db/dialect.ts), for db/ only. */
export const asPostgres = (db: Db) => db as unknown as PostgresDb;

/** DATABASE_URL names a file that cannot be opened or created; the message is one line for a person. */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
    super(`DATABASE_URL: cannot open or create the SQLite database at ${file} (${reason}).`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * Creates the missing folders one level at a time. Not `mkdirSync(dir, { recursive: true })`:
 * under /proc a level that cannot exist answers ENOENT and Node's recursive mkdir retries it
 * forever (a start-up that spun at full CPU instead of failing).
 */
function ensureDirectory(dir: string): void {
  if (existsSync(dir)) return;
  ensureDirectory(path.dirname(dir));
  mkdirSync(dir);
}

export function openDatabase(url?: string): Db {
  const resolved = databaseUrl(url);
  // The schema's tables were built for one dialect when db/schema loaded (db/dialect.ts).
  if (dialectOf(resolved) !== DIALECT) {
    throw new Error(`DATABASE_URL is ${dialectOf(resolved)} but this process was started for ${DIALECT}: set DATABASE_URL before it starts`);
  }
  // PostgreSQL prepares its own named statements (db/sql.ts preparedQuery): no cache here.
  if (isPostgresUrl(resolved)) return openPostgres(resolved) as unknown as Db;
  const file = databasePath(resolved);
  let sqlite: Database.Database | undefined;
  try {
    if (file !== ':memory:') ensureDirectory(path.dirname(file));
    sqlite = new Database(file);
    // The first pragma reads the file: "not a database" and permission problems show up here.
    sqlite.pragma('journal_mode = WAL');
    // An acknowledged payment must survive a power cut: WAL defaults to NORMAL in this build.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    sqlite?.close();
    throw new DatabaseUnavailableError(file, error);
  }
  // Rate limits (rate-limiter-flexible) prepare through `$client` too: they share the cache.
  return drizzle(withStatementCache(sqlite), { schema }) as Db;
}

const STATEMENT_CACHE_SIZE = 1000;

/**
 * Drizzle calls `prepare` for every query it runs; compiling the SQL again each time cost ~6%
 * of a payment's CPU. The handle drizzle (and `$client`) gets has a `prepare` that returns a
 * statement compiled once per SQL text. A cached statement keeps the raw mode its last user set (drizzle calls
 * `raw()` for selects with fields, plain `all`/`get` for bare SQL), so each call sets its own.
 */
function withStatementCache(sqlite: Database.Database): Database.Database {
  const cache = new Map<string, CachedStatement>();
  const prepare = (source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      // Texts with inlined values (IN lists of varying length) are many: keep the newest.
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      statement = new CachedStatement(sqlite.prepare(source));
      cache.set(source, statement);
    }
    return statement;
  };
  const bound = new Map<PropertyKey, unknown>([['prepare', prepare]]);
  return new Proxy(sqlite, {
    get(target, property) {
      if (bound.has(property)) return bound.get(property);
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value.bind(target);
      bound.set(property, method);
      return method;
    },
  });
}

/** The part of a better-sqlite3 statement that drizzle's session uses. */
class CachedStatement {
  constructor(private readonly statement: Database.Statement) {}
  raw() {
    return this.statement.raw(true);
  }
  all(...params: unknown[]) {
    return this.plain().all(...params);
  }
  get(...params: unknown[]) {
    return this.plain().get(...params);
  }
  run(...params: unknown[]) {
    return this.statement.run(...params);
  }
  private plain() {
    return this.statement.reader ? this.statement.raw(false) : this.statement;
  }
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/**
 * Applies the pending migrations of the database's dialect (db/migrations or
 * db/migrations-pg). On SQLite it is done when the call returns; on PostgreSQL, await it.
 */
export async function migrateDatabase(db: Db): Promise<void> {
  if (onPostgres) return migratePostgres(asPostgres(db));
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** Closes the connection (SQLite) or ends the pool (PostgreSQL). */
export async function closeDatabase(db: Db): Promise<void> {
  if (onPostgres) await asPostgres(db).$client.end();
  else db.$client.close();
}

const globalForDb = globalThis as unknown as { tillpointDb?: Db };

/** The process-wide connection for DATABASE_URL (one per server or CLI process). */
export function getDb(): Db {
  globalForDb.tillpointDb ??= openDatabase();
  return globalForDb.tillpointDb;
}

// SQLite: transactions are serialized inside the process: SQLite has one writer, and with a single
// connection two interleaved async transactions would otherwise share one BEGIN. For the same
// reason every write goes through `transaction`: a bare write made while another request's
// transaction is open would join it, and be rolled back with it.
//
// Group commit: transactions that wait while one runs share its BEGIN IMMEDIATE … COMMIT, each
// in its own SAVEPOINT (a failing one rolls back alone), and every caller is answered only after
// the shared COMMIT. Under load that turns many fsyncs (synchronous=FULL) into one. A group
// starts one event-loop turn after its first transaction is queued, so the transactions of the
// requests read in the same I/O phase join it instead of each opening its own.
//
// Durability per group: a group with a durable transaction commits with synchronous=FULL (the
// relaxed ones in it ride along); a group of relaxed ones (`durable: false`) commits with
// NORMAL, no fsync. SQLite refuses to change the level inside a transaction, so a relaxed group
// ends before the first durable transaction that arrives while it runs.
type Waiting = { fn: (tx: Db) => Promise<unknown>; durable: boolean; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Queue = { waiting: Waiting[]; running: boolean; synchronous: 'FULL' | 'NORMAL' };
const queues = new WeakMap<Db, Queue>();
const insideTransaction = new AsyncLocalStorage<true>();
// A group closes at this many transactions or this many milliseconds, so the first caller's
// answer is never held long behind the others.
const MAX_GROUP = 32;
const MAX_GROUP_MS = 10;

// On globalThis: Next.js bundles may hold several instances of this module (as getDb does).
const hooks = globalThis as unknown as { tillpointBeforeGroupCommit?: (transactions: number, synchronous: 'FULL' | 'NORMAL') => void };

/** Crash tests die here (db/group-commit-crash.test.ts), with a group's work done and nothing of it committed. */
export function setBeforeGroupCommit(hook: (transactions: number, synchronous: 'FULL' | 'NORMAL') => void): void {
  hooks.tillpointBeforeGroupCommit = hook;
}

/**
 * Run `fn` in one transaction: everything it writes commits together or not at all, and the
 * returned promise settles only once that is durable. `fn` must not wait on anything but the
 * database (no processor calls, no timers).
 */
export function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  // A nested call would wait for its own outer transaction forever: fail loudly instead.
  if (insideTransaction.getStore()) {
    return Promise.reject(new Error('transaction() called inside a transaction: pass `tx` down instead'));
  }
  // PostgreSQL: one pooled connection per transaction, no queue (db/postgres.ts).
  if (onPostgres) {
    return insideTransaction.run(true, () => postgresTransaction(asPostgres(db), (tx) => fn(tx as unknown as Db), options));
  }
  let queue = queues.get(db);
  if (!queue) {
    // openDatabase sets synchronous=FULL.
    queue = { waiting: [], running: false, synchronous: 'FULL' };
    queues.set(db, queue);
  }
  const q = queue;
  // The group runs in the async context of whichever caller started it: each transaction must
  // run in its own caller's (AsyncLocalStorage: the request's Idempotency-Key scope, its logger),
  // or one request's work would be recorded under another's key.
  const run = AsyncResource.bind((tx: Db) => insideTransaction.run(true, () => fn(tx)));
  return new Promise<T>((resolve, reject) => {
    q.waiting.push({ fn: run, durable: options.durable !== false, resolve: resolve as (value: unknown) => void, reject });
    if (!q.running) {
      q.running = true;
      setImmediate(() => void runGroups(db, q));
    }
  });
}

async function runGroups(db: Db, queue: Queue): Promise<void> {
  const sqlite = db.$client;
  while (queue.waiting.length > 0) {
    const settled: { item: Waiting; ok: boolean; value: unknown }[] = [];
    let groupError: unknown = null;
    const synchronous = queue.waiting.some((item) => item.durable) ? 'FULL' : 'NORMAL';
    try {
      if (queue.synchronous !== synchronous) {
        sqlite.pragma(`synchronous = ${synchronous}`);
        queue.synchronous = synchronous;
      }
      sqlite.exec('BEGIN IMMEDIATE');
      const opened = performance.now();
      while (queue.waiting.length > 0 && settled.length < MAX_GROUP && performance.now() - opened < MAX_GROUP_MS) {
        if (synchronous === 'NORMAL' && queue.waiting[0].durable) break;
        const item = queue.waiting.shift()!;
        sqlite.exec('SAVEPOINT tx');
        try {
          const value = await item.fn(db);
          sqlite.exec('RELEASE tx');
          settled.push({ item, ok: true, value });
        } catch (error) {
          settled.push({ item, ok: false, value: error });
          // Some failures (disk full, I/O) end the whole transaction: the group is lost.
          if (!sqlite.inTransaction) throw error;
          sqlite.exec('ROLLBACK TO tx');
          sqlite.exec('RELEASE tx');
        }
      }
      hooks.tillpointBeforeGroupCommit?.(settled.length, synchronous);
      sqlite.exec('COMMIT');
    } catch (error) {
      groupError = error;
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    }
    for (const { item, ok, value } of settled) {
      if (groupError !== null && ok) item.reject(groupError);
      else if (ok) item.resolve(value);
      else item.reject(value);
    }
    // BEGIN itself failed (another process held the lock past busy_timeout): nothing ran.
    if (groupError !== null && settled.length === 0) queue.waiting.shift()?.reject(groupError);
  }
  queue.running = false;
}

/** How many migrations the database has applied, and how many this build ships. */
export async function migrationStatus(db: Db): Promise<{ applied: number; expected: number }> {
  const folder = onPostgres ? MIGRATIONS_FOLDER_PG : MIGRATIONS_FOLDER;
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const table = onPostgres ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
  const [{ applied }] = await queryRows<{ applied: number }>(db, sql`SELECT count(*) AS applied FROM ${table}`);
  return { applied: Number(applied), expected: journal.entries.length };
}

/** The connection pool's state on PostgreSQL (null on SQLite: one connection, no pool). */
export const databasePool = (db: Db): PoolStats | null => (onPostgres ? poolStats(asPostgres(db)) : null);

/**
 * Fails with one line naming DATABASE_URL (password masked) when the database does not answer:
 * what `npm start`, `db:migrate` and the server print before exiting non-zero.
 */
export async function assertDatabaseReachable(db: Db, url?: string): Promise<void> {
  try {
    await queryRows(db, sql`SELECT 1`);
  } catch (error) {
    const cause = error as { cause?: { message?: string }; message?: string; code?: string };
    const reason = cause.cause?.message || cause.message || cause.code || String(error);
    throw new Error(`Cannot reach the database at DATABASE_URL=${describeDatabase(url)}: ${reason}`);
  }
}
