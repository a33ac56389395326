import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPostgres, closeDatabase, openDatabase, transaction, type Db } from '@/db/client';
import { queryRows } from '@/db/sql';
import { migratedDatabase, onPostgresSuite, type TestDatabase } from './test-db';

/**
 * How transaction() runs on PostgreSQL (db/postgres.ts): each at the isolation level and
 * durability it asks for, and in as few round trips as that takes. PostgreSQL only.
 */
describe.skipIf(!onPostgresSuite)('transactions on PostgreSQL', () => {
  let database: TestDatabase;
  let db: Db;
  // What each pooled connection was sent, in order.
  const sent: string[] = [];

  beforeAll(async () => {
    database = await migratedDatabase('transactions');
    db = openDatabase(database.databaseUrl);
    asPostgres(db).$client.on('connect', (client: pg.PoolClient) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      client.query = ((...args: unknown[]) => {
        const first = args[0] as string | { text?: string };
        sent.push(typeof first === 'string' ? first : (first.text ?? ''));
        return query(...args);
      }) as typeof client.query;
    });
  });

  afterAll(async () => {
    await closeDatabase(db);
    await database.remove();
  });

  const settings = (tx: Db) =>
    queryRows<{ isolation: string; synchronous: string }>(tx, sql`SELECT current_setting('transaction_isolation') AS isolation, current_setting('synchronous_commit') AS synchronous`).then(([row]) => row);

  it('runs each transaction at its isolation level and durability, and SET LOCAL ends with it', async () => {
    expect(await transaction(db, settings)).toEqual({ isolation: 'serializable', synchronous: 'on' });
    expect(await transaction(db, settings, { isolation: 'read committed', durable: false })).toEqual({ isolation: 'read committed', synchronous: 'off' });
    expect(await transaction(db, settings, { durable: false })).toEqual({ isolation: 'serializable', synchronous: 'off' });
    // Every pooled connection is back to durable commits.
    const after = await Promise.all(Array.from({ length: 4 }, () => transaction(db, settings)));
    expect(after.map((s) => s.synchronous)).toEqual(['on', 'on', 'on', 'on']);
  });

  it('begins a relaxed transaction in one round trip: BEGIN and SET LOCAL in one message', async () => {
    sent.length = 0;
    await transaction(db, (tx) => queryRows(tx, sql`SELECT 1`), { durable: false });
    expect(sent).toEqual(['BEGIN ISOLATION LEVEL SERIALIZABLE; SET LOCAL synchronous_commit TO OFF', 'SELECT 1', 'COMMIT']);
  });

  it('rolls back a failed transaction on its connection and leaves nothing of it', async () => {
    await queryRows(db, sql`CREATE TABLE IF NOT EXISTS tx_probe (n int)`);
    await expect(
      transaction(db, async (tx) => {
        await queryRows(tx, sql`INSERT INTO tx_probe VALUES (1)`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(sent.at(-1)).toMatch(/^rollback$/i);
    expect(await queryRows(db, sql`SELECT count(*)::int AS n FROM tx_probe`)).toEqual([{ n: 0 }]);
  });
});
