import { apiRoute } from '@/lib/http/route';
import { listReconciliationRuns, listReconciliationRunsQuery, serializeReconciliationRun } from '@/lib/settlement/reconciliation';

export const GET = apiRoute({ permission: 'payments:read', query: listReconciliationRunsQuery }, async ({ db, merchantId, query }) => {
  const page = await listReconciliationRuns(db, merchantId, query);
  const data = page.data.map(serializeReconciliationRun);
  return { object: 'list', data, has_more: page.hasMore, next_cursor: page.hasMore ? data.at(-1)!.id : null };
});
