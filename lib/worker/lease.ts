import { eq, lte, or } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { workerLeases } from '@/db/schema';

/**
 * Takes or renews the named lease for `holder`: one atomic upsert that succeeds only when the
 * lease is free, expired, or already `holder`'s. However many processes share the database,
 * one holds a lease at a time, so a job kind never runs twice at once. READ COMMITTED on
 * PostgreSQL: the upsert locks the row and re-checks its condition on the latest version, so
 * racing instances queue on it instead of failing serialization in rounds.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const taken = await transaction(
    db,
    (tx) =>
      tx
        .insert(workerLeases)
        .values({ name, holder, expiresAt: now + ttlMs, heartbeatAt: now })
        .onConflictDoUpdate({
          target: workerLeases.name,
          set: { holder, expiresAt: now + ttlMs, heartbeatAt: now },
          setWhere: or(eq(workerLeases.holder, holder), lte(workerLeases.expiresAt, now)),
        })
        .returning({ name: workerLeases.name }),
    { isolation: 'read committed' },
  );
  return taken.length === 1;
}

/** Gives up every lease `holder` has (a worker stopping): another process takes them on its next pass. */
export async function releaseLeases(db: Db, holder: string): Promise<void> {
  await transaction(db, (tx) => tx.delete(workerLeases).where(eq(workerLeases.holder, holder)), { isolation: 'read committed' });
}
