import * as pg from 'drizzle-orm/pg-core';
import * as sqlite from 'drizzle-orm/sqlite-core';
import { onPostgres } from '../dialect';

/**
 * The tables are described once (db/schema/*.ts) with these builders. They are sqlite-core's,
 * by type and on SQLite; on PostgreSQL the same calls build pg-core tables (the process picks
 * its dialect once, from DATABASE_URL: db/dialect.ts). The two builder sets share their API
 * (`.notNull()`, `.default()`, `.references()`, `.primaryKey()`, `index().on()`), so a table
 * reads the same for both; column kinds that differ by dialect (booleans, 64-bit integers,
 * JSON, identity keys) are the helpers in ./columns.ts. db/schema/parity.test.ts builds both
 * and checks that they describe the same columns, nullability, defaults and indexes.
 */
export const table = (onPostgres ? pg.pgTable : sqlite.sqliteTable) as typeof sqlite.sqliteTable;

export const text = (onPostgres ? pg.text : sqlite.text) as typeof sqlite.text;

/** A 32-bit integer (counts, versions, HTTP statuses); 64-bit values use ./columns.ts. */
export const integer = (onPostgres ? (name: string) => pg.integer(name) : (name: string) => sqlite.integer(name)) as (
  name: string,
) => sqlite.SQLiteIntegerBuilderInitial<string>;

/** A double (risk scores and thresholds, never money). */
export const real = (onPostgres ? pg.doublePrecision : sqlite.real) as typeof sqlite.real;

export const index = (onPostgres ? pg.index : sqlite.index) as typeof sqlite.index;
export const uniqueIndex = (onPostgres ? pg.uniqueIndex : sqlite.uniqueIndex) as typeof sqlite.uniqueIndex;

/** A primary key over several columns. */
export const primaryKey = (onPostgres ? pg.primaryKey : sqlite.primaryKey) as typeof sqlite.primaryKey;
