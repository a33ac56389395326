import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, transaction, type Db } from './client';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileDb(): { db: Db; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-tx-'));
  dirs.push(dir);
  const file = path.join(dir, 'tx.db');
  const db = openDatabase(`file:${file}`);
  db.run(sql`CREATE TABLE t (v INTEGER NOT NULL UNIQUE)`);
  return { db, file };
}

const values = (db: Db) => db.all<{ v: number }>(sql`SELECT v FROM t ORDER BY v`).map((r) => r.v);

describe('transaction()', () => {
  it('commits concurrent transactions together, but a failing one rolls back alone', async () => {
    const { db } = fileDb();
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((v) =>
        transaction(db, async (tx) => {
          tx.run(sql`INSERT INTO t (v) VALUES (${v})`);
          tx.run(sql`INSERT INTO t (v) VALUES (${v * 10})`);
          if (v === 3) throw new Error('three fails');
          return v;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(values(db)).toEqual([1, 2, 4, 5, 10, 20, 40, 50]);
  });

  it('answers a caller only once its work is durable: another connection already sees it', async () => {
    const { db, file } = fileDb();
    const other = openDatabase(`file:${file}`);
    const seen = await Promise.all(
      [1, 2, 3].map(async (v) => {
        await transaction(db, async (tx) => {
          tx.run(sql`INSERT INTO t (v) VALUES (${v})`);
        });
        return other.all<{ v: number }>(sql`SELECT v FROM t WHERE v = ${v}`).length;
      }),
    );
    expect(seen).toEqual([1, 1, 1]);
    other.$client.close();
  });

  it('refuses a transaction opened inside another instead of waiting for itself forever', async () => {
    const { db } = fileDb();
    await expect(transaction(db, async () => transaction(db, async () => 1))).rejects.toThrow(/inside a transaction/);
    // The queue goes on working afterwards.
    await transaction(db, async (tx) => tx.run(sql`INSERT INTO t (v) VALUES (7)`));
    expect(values(db)).toEqual([7]);
  });
});
