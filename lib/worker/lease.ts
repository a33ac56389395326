import { eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { workerLeases } from '@/db/schema';

/**
 * Takes or renews the named lease for `holder`. Only one process holds a lease at a time, so
 * two servers on one database never run the same job twice.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  return transaction(db, async (tx) => {
    const [lease] = await tx.select().from(workerLeases).where(eq(workerLeases.name, name));
    if (lease && lease.holder !== holder && lease.expiresAt > now) return false;
    await tx
      .insert(workerLeases)
      .values({ name, holder, expiresAt: now + ttlMs, heartbeatAt: now })
      .onConflictDoUpdate({ target: workerLeases.name, set: { holder, expiresAt: now + ttlMs, heartbeatAt: now } });
    return true;
  });
}
