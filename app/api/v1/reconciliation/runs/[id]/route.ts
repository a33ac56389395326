import { apiRoute } from '@/lib/http/route';
import { getReconciliationRunOrThrow, listReconciliationItems } from '@/lib/settlement/reconciliation/queries';
import { reconciliationItemsQuery } from '@/lib/settlement/reconciliation/schemas';
import { serializeReconciliationItem, serializeReconciliationRun } from '@/lib/settlement/reconciliation/serialize';

/** One run with its items (`?result=breaks` or one result class to filter). */
export const GET = apiRoute({ permission: 'payments:read', query: reconciliationItemsQuery }, async ({ db, merchantId, params, query }) => {
  const run = await getReconciliationRunOrThrow(db, { merchantId, runId: params.id });
  const items = await listReconciliationItems(db, { merchantId, runId: run.id, result: query.result });
  return { ...serializeReconciliationRun(run), items: { object: 'list', data: items.map(serializeReconciliationItem), has_more: false } };
});
