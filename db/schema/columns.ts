import * as pg from 'drizzle-orm/pg-core';
import * as sqlite from 'drizzle-orm/sqlite-core';
import { onPostgres } from '../dialect';

// Column kinds whose storage differs by dialect. Each is typed as its SQLite builder (see
// ./core.ts); on PostgreSQL the pg-core builder stands in for it.
const either = <S>(sqliteColumn: S, pgColumn: () => unknown): S => (onPostgres ? (pgColumn() as S) : sqliteColumn);

/**
 * A 64-bit integer read as a JS number: `bigint` on PostgreSQL (SQLite's INTEGER is 64-bit
 * already). Safe as a number because lib/money refuses any amount that is not a safe integer
 * (|x| < 2^53: `assertSafeMinor`, parse-amount), and epoch milliseconds stay below 2^53 until
 * the year 287,396.
 */
const int64 = (name: string) => either(sqlite.integer(name, { mode: 'number' }), () => pg.bigint(name, { mode: 'number' }));

/** Epoch milliseconds: cheap to index and compare; rendered as ISO 8601 at the API edge. */
export const timestamp = int64;

/** Integer minor units (cents, yen, fils). Never a float. */
export const minorUnits = int64;

/** A boolean: PostgreSQL's own type, 0/1 on SQLite. */
export const boolean = (name: string) => either(sqlite.integer(name, { mode: 'boolean' }), () => pg.boolean(name));

/** JSON, typed at the edge: text on SQLite, `json` on PostgreSQL (kept as written, key order too). */
export const jsonText = <T>(name: string) => either(sqlite.text(name, { mode: 'json' }).$type<T>(), () => pg.json(name).$type<T>());

/** An auto-incrementing integer primary key (an identity column on PostgreSQL). */
export const serialId = (name: string) =>
  either(sqlite.integer(name).primaryKey({ autoIncrement: true }), () => pg.integer(name).primaryKey().generatedByDefaultAsIdentity());
