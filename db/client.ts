import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DATABASE_URL = 'file:./data/tillpoint.db';

/** `file:./data/x.db`, `./data/x.db` or `:memory:` → a path better-sqlite3 opens. */
export function databasePath(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): string {
  if (url === ':memory:') return url;
  return path.resolve(url.replace(/^file:/, ''));
}

export function openDatabase(url?: string): Db {
  const file = databasePath(url);
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // An acknowledged payment must survive a power cut: WAL defaults to NORMAL in this build.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return drizzle(sqlite, { schema }) as Db;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

const globalForDb = globalThis as unknown as { tillpointDb?: Db };

/** The process-wide connection for DATABASE_URL (one per server or CLI process). */
export function getDb(): Db {
  globalForDb.tillpointDb ??= openDatabase();
  return globalForDb.tillpointDb;
}

// Transactions are serialized inside the process: SQLite has one writer, and with a single
// connection two interleaved async transactions would otherwise share one BEGIN. For the same
// reason every write goes through `transaction`: a bare write made while another request's
// transaction is open would join it, and be rolled back with it.
const queues = new WeakMap<Db, Promise<unknown>>();
const insideTransaction = new AsyncLocalStorage<true>();

/**
 * Run `fn` in one `BEGIN IMMEDIATE` transaction: everything it writes commits together or not
 * at all. `fn` must not wait on anything but the database (no processor calls, no timers).
 */
export function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  // A nested call would wait for its own outer transaction forever: fail loudly instead.
  if (insideTransaction.getStore()) {
    return Promise.reject(new Error('transaction() called inside a transaction: pass `tx` down instead'));
  }
  const previous = queues.get(db) ?? Promise.resolve();
  const run = previous.then(async () => {
    db.$client.exec('BEGIN IMMEDIATE');
    try {
      const result = await insideTransaction.run(true, () => fn(db));
      db.$client.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.$client.inTransaction) db.$client.exec('ROLLBACK');
      throw error;
    }
  });
  queues.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}
