import { apiRoute } from '@/lib/http/route';
import {
  getReconciliationRunOrThrow,
  listReconciliationItems,
  reconciliationItemsQuery,
  serializeReconciliationItem,
  serializeReconciliationRun,
} from '@/lib/settlement/reconciliation';

/** One run with its items (`?result=breaks` or one result class to filter). */
export const GET = apiRoute({ permission: 'payments:read', query: reconciliationItemsQuery }, async ({ db, merchantId, params, query }) => {
  const run = await getReconciliationRunOrThrow(db, merchantId, params.id);
  const items = await listReconciliationItems(db, merchantId, run.id, query.result);
  return { ...serializeReconciliationRun(run), items: { object: 'list', data: items.map(serializeReconciliationItem), has_more: false } };
});
