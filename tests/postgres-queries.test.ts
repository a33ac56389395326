import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, transaction, type Db } from '@/db/client';
import { queryRows } from '@/db/sql';
import { migratedDatabase, onPostgresSuite, type TestDatabase } from './test-db';

/**
 * Services run queries side by side inside one transaction (one connection): they must not
 * lean on node-postgres's own queue, which it deprecates (and pg@9 drops). PostgreSQL only.
 * node-postgres warns once per process, so the warning-free run comes first and the raw client
 * that does warn (proving the check can fail) last; vitest runs each file in a process of its own.
 */
describe.skipIf(!onPostgresSuite)('queries side by side in a PostgreSQL transaction', () => {
  let database: TestDatabase;
  let db: Db;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);

  beforeAll(async () => {
    database = await migratedDatabase('queries');
    db = openDatabase(database.databaseUrl);
    process.on('warning', onWarning);
  });

  afterAll(async () => {
    process.off('warning', onWarning);
    await closeDatabase(db);
    await database.remove();
  });

  const alreadyExecuting = () => warnings.filter((w) => w.includes('already executing a query'));
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('runs them one after another on the connection, each answered with its own rows, without the warning', async () => {
    const answers = await transaction(db, (tx) =>
      Promise.all([queryRows<{ n: number }>(tx, sql`SELECT 1 AS n, pg_sleep(0.05)`), queryRows<{ n: number }>(tx, sql`SELECT 2 AS n`), queryRows<{ n: number }>(tx, sql`SELECT 3 AS n`)]),
    );
    expect(answers.map(([row]) => row.n)).toEqual([1, 2, 3]);
    await settle();
    expect(alreadyExecuting()).toEqual([]);
  });

  it('(the check can fail) a bare node-postgres client given the same three queries warns', async () => {
    const client = new pg.Client({ connectionString: database.databaseUrl });
    await client.connect();
    try {
      await Promise.all([client.query('SELECT pg_sleep(0.05)'), client.query('SELECT 2'), client.query('SELECT 3')]);
    } finally {
      await client.end();
    }
    await settle();
    expect(alreadyExecuting()).toHaveLength(1);
  });
});
