import { AsyncResource } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, setBeforeGroupCommit, transaction, type Db } from './client';

const dirs: string[] = [];
afterEach(() => {
  setBeforeGroupCommit(() => {});
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

  /** Each group's size and synchronous level as it commits. */
  function recordGroups(): { transactions: number; synchronous: string }[] {
    const groups: { transactions: number; synchronous: string }[] = [];
    setBeforeGroupCommit((transactions, synchronous) => groups.push({ transactions, synchronous }));
    return groups;
  }

  it('groups the transactions that callbacks of one event-loop phase queue, not only those of one tick', async () => {
    const { db } = fileDb();
    const groups = recordGroups();
    // Two callbacks of one check phase, as two requests read in one I/O phase would be.
    const done = await new Promise<number[]>((resolve) => {
      const started: Promise<number>[] = [];
      setImmediate(() => started.push(transaction(db, async (tx) => (tx.run(sql`INSERT INTO t (v) VALUES (1)`), 1))));
      setImmediate(() => {
        started.push(transaction(db, async (tx) => (tx.run(sql`INSERT INTO t (v) VALUES (2)`), 2)));
        resolve(Promise.all(started));
      });
    });
    expect(done).toEqual([1, 2]);
    expect(groups).toEqual([{ transactions: 2, synchronous: 'FULL' }]);
  });

  it('commits relaxed transactions without an fsync (synchronous=NORMAL) unless a durable one shares the group', async () => {
    const { db } = fileDb();
    const groups = recordGroups();
    const insert = (v: number, durable: boolean) => transaction(db, async (tx) => tx.run(sql`INSERT INTO t (v) VALUES (${v})`), { durable });
    await Promise.all([insert(1, false), insert(2, false)]);
    await Promise.all([insert(3, false), insert(4, true), insert(5, false)]);
    await insert(6, true);
    expect(groups).toEqual([
      { transactions: 2, synchronous: 'NORMAL' },
      { transactions: 3, synchronous: 'FULL' },
      { transactions: 1, synchronous: 'FULL' },
    ]);
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(2);
    expect(values(db)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('ends a relaxed group before a durable transaction that arrives while it runs', async () => {
    const { db } = fileDb();
    const groups = recordGroups();
    let durable: Promise<unknown> | undefined;
    // Queued from outside the running transaction's context, as another request's code would be.
    const queueDurable = AsyncResource.bind(() => {
      durable = transaction(db, async (tx) => tx.run(sql`INSERT INTO t (v) VALUES (2)`));
    });
    await transaction(
      db,
      async (tx) => {
        tx.run(sql`INSERT INTO t (v) VALUES (1)`);
        queueDurable();
      },
      { durable: false },
    );
    await durable;
    expect(values(db)).toEqual([1, 2]);
    expect(groups).toEqual([
      { transactions: 1, synchronous: 'NORMAL' },
      { transactions: 1, synchronous: 'FULL' },
    ]);
  });
});
