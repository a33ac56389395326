import { max } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { workerLeases } from '@/db/schema';

/** When any worker last ran a pass (every lease it holds is renewed each pass; null: never, or every worker stopped): readiness and Prometheus. */
export async function latestWorkerHeartbeat(db: Db): Promise<number | null> {
  const [row] = await db.select({ at: max(workerLeases.heartbeatAt) }).from(workerLeases);
  return row?.at ?? null;
}
