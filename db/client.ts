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
  const db = drizzle(withStatementCache(sqlite), { schema }) as Db;
  // Code that talks to better-sqlite3 itself (rate limits, transactions) gets the plain handle.
  db.$client = sqlite;
  return db;
}

const STATEMENT_CACHE_SIZE = 1000;

/**
 * Drizzle calls `prepare` for every query it runs; compiling the SQL again each time cost ~6%
 * of a payment's CPU. This hands drizzle a handle whose `prepare` returns a statement compiled
 * once per SQL text. A cached statement keeps the raw mode its last user set (drizzle calls
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
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
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
//
// Group commit: transactions that wait while one runs share its BEGIN IMMEDIATE … COMMIT, each
// in its own SAVEPOINT (a failing one rolls back alone), and every caller is answered only after
// the shared COMMIT. Under load that turns many fsyncs (synchronous=FULL) into one.
type Waiting = { fn: (tx: Db) => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };
const queues = new WeakMap<Db, { waiting: Waiting[]; running: boolean }>();
const insideTransaction = new AsyncLocalStorage<true>();
// A group closes at this many transactions or this many milliseconds, so the first caller's
// answer is never held long behind the others.
const MAX_GROUP = 32;
const MAX_GROUP_MS = 10;

let beforeGroupCommit: (transactions: number) => void = () => {};

/** Crash tests die here, with a whole group's work done and nothing of it committed. */
export function setBeforeGroupCommit(hook: (transactions: number) => void): void {
  beforeGroupCommit = hook;
}

/**
 * Run `fn` in one transaction: everything it writes commits together or not at all, and the
 * returned promise settles only once that is durable. `fn` must not wait on anything but the
 * database (no processor calls, no timers).
 */
export function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  // A nested call would wait for its own outer transaction forever: fail loudly instead.
  if (insideTransaction.getStore()) {
    return Promise.reject(new Error('transaction() called inside a transaction: pass `tx` down instead'));
  }
  let queue = queues.get(db);
  if (!queue) {
    queue = { waiting: [], running: false };
    queues.set(db, queue);
  }
  const q = queue;
  return new Promise<T>((resolve, reject) => {
    q.waiting.push({ fn, resolve: resolve as (value: unknown) => void, reject });
    if (!q.running) void runGroups(db, q);
  });
}

async function runGroups(db: Db, queue: { waiting: Waiting[]; running: boolean }): Promise<void> {
  queue.running = true;
  const sqlite = db.$client;
  while (queue.waiting.length > 0) {
    const settled: { item: Waiting; ok: boolean; value: unknown }[] = [];
    let groupError: unknown = null;
    try {
      sqlite.exec('BEGIN IMMEDIATE');
      const opened = performance.now();
      while (queue.waiting.length > 0 && settled.length < MAX_GROUP && performance.now() - opened < MAX_GROUP_MS) {
        const item = queue.waiting.shift()!;
        sqlite.exec('SAVEPOINT tx');
        try {
          const value = await insideTransaction.run(true, () => item.fn(db));
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
      beforeGroupCommit(settled.length);
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
