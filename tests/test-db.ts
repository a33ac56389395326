import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { closeDatabase, migrateDatabase, openDatabase, type Db } from '@/db/client';
import { createMerchant } from '@/lib/merchants/create-merchant';

/** A migrated in-memory database: the real schema and SQL, nothing shared between tests. */
export function freshDb(): Db {
  const db = openDatabase(':memory:');
  void migrateDatabase(db); // SQLite: done when the call returns
  return db;
}

export async function dbWithMerchant() {
  const db = freshDb();
  const { merchantId } = await createMerchant(db, { name: 'Unit test merchant' });
  return { db, merchantId };
}

/**
 * Which database the API suite runs on: TEST_DATABASE=postgres runs the same test files against
 * PostgreSQL (TEST_POSTGRES_URL, a role that may create databases), anything else on SQLite.
 */
export const onPostgresSuite = process.env.TEST_DATABASE === 'postgres';
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://tillpoint:tillpoint@127.0.0.1:5432/tillpoint';

// Databases of this run, its template included, are named after it: the global teardown drops
// exactly those, and runs from other checkouts on the same server do not touch each other's.
const RUN = process.env.TILLPOINT_TEST_RUN ?? 'adhoc';
export const runDatabasePrefix = () => `tp_${RUN}_`;
const TEMPLATE = `${runDatabasePrefix()}template`;

const withDatabaseName = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/** Runs statements on the server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
async function onServer(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(TEST_POSTGRES_URL, 'postgres') });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The migrated template every test database is cloned from (global setup, once per run). */
export async function createPostgresTemplate(): Promise<void> {
  await dropRunDatabases();
  await onServer([`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`, `CREATE DATABASE ${TEMPLATE}`]);
  const db = openDatabase(withDatabaseName(TEST_POSTGRES_URL, TEMPLATE));
  try {
    await migrateDatabase(db);
  } finally {
    await closeDatabase(db);
  }
}

export type TestDatabase = { databaseUrl: string; remove: () => Promise<void> };


/** Drops every PostgreSQL database this run created (global teardown). */
export async function dropRunDatabases(): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(TEST_POSTGRES_URL, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [runDatabasePrefix()]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * The URL of a migrated database for a test that starts its own server: `tillpoint.db` in the
 * test's temporary `dir`, or a new PostgreSQL database cloned from the template (dropped by the
 * global teardown).
 */
export async function migratedDatabaseIn(dir: string, prefix = 'db'): Promise<string> {
  if (onPostgresSuite) {
    const name = `${runDatabasePrefix()}${prefix.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
    await onServer([`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`]);
    return withDatabaseName(TEST_POSTGRES_URL, name);
  }
  const databaseUrl = `file:${path.join(dir, 'tillpoint.db')}`;
  const db = openDatabase(databaseUrl);
  await migrateDatabase(db);
  await closeDatabase(db);
  return databaseUrl;
}

/**
 * A migrated database of its own, for a suite or a test that starts its own server: a SQLite
 * file in a fresh temporary folder, or a new PostgreSQL database cloned from the template.
 */
export async function migratedDatabase(prefix: string): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), `tillpoint-${prefix}-`));
  const databaseUrl = await migratedDatabaseIn(dir, prefix);
  return { databaseUrl, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * An empty database, no migration applied (for data-migration tests): a SQLite file in a fresh
 * temporary folder, or a new PostgreSQL database (dropped by the global teardown).
 */
export async function unmigratedDatabase(prefix: string): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), `tillpoint-${prefix}-`));
  const remove = async () => rmSync(dir, { recursive: true, force: true });
  if (!onPostgresSuite) return { databaseUrl: `file:${path.join(dir, 'tillpoint.db')}`, remove };
  const name = `${runDatabasePrefix()}${prefix.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await onServer([`CREATE DATABASE ${name}`]);
  return { databaseUrl: withDatabaseName(TEST_POSTGRES_URL, name), remove };
}

/** How many server connections are open to a PostgreSQL test database (other than this query's). */
export async function connectionsTo(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: withDatabaseName(TEST_POSTGRES_URL, 'postgres') });
  await client.connect();
  try {
    const name = new URL(databaseUrl).pathname.slice(1);
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}
