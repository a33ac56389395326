import { and, asc, desc, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { reconciliationItems, reconciliationRuns, type ReconciliationResult } from '@/db/schema';
import { notFound } from '@/lib/errors';
import { afterCursor, pageOf } from '@/lib/list';

export type ReconciliationRun = typeof reconciliationRuns.$inferSelect;
export type ReconciliationItem = typeof reconciliationItems.$inferSelect;

export async function getReconciliationRunOrThrow(db: Db, { merchantId, runId }: { merchantId: string; runId: string }): Promise<ReconciliationRun> {
  const [run] = await db.select().from(reconciliationRuns).where(and(eq(reconciliationRuns.id, runId), eq(reconciliationRuns.merchantId, merchantId)));
  if (!run) throw notFound('reconciliation run', runId);
  return run;
}

/** The merchant's runs, newest first, a page of `limit` after the cursor `startingAfter`. */
export async function listReconciliationRuns(db: Db, { merchantId, limit, startingAfter }: { merchantId: string; limit: number; startingAfter?: string }) {
  const rows = await db
    .select()
    .from(reconciliationRuns)
    .where(and(eq(reconciliationRuns.merchantId, merchantId), await afterCursor(db, reconciliationRuns, merchantId, startingAfter)))
    .orderBy(desc(reconciliationRuns.id))
    .limit(limit + 1);
  return pageOf(rows, limit);
}

/** A run's items in report order (by line), then the ledger records missing from the report. */
export async function listReconciliationItems(
  db: Db,
  { merchantId, runId, result }: { merchantId: string; runId: string; result?: ReconciliationResult | 'breaks' },
): Promise<ReconciliationItem[]> {
  return db
    .select()
    .from(reconciliationItems)
    .where(
      and(
        eq(reconciliationItems.runId, runId),
        eq(reconciliationItems.merchantId, merchantId),
        result === 'breaks' ? ne(reconciliationItems.result, 'matched') : result ? eq(reconciliationItems.result, result) : undefined,
      ),
    )
    .orderBy(sql`${reconciliationItems.lineNumber} is null`, asc(reconciliationItems.lineNumber), asc(reconciliationItems.ledgerSourceId), asc(reconciliationItems.id));
}
