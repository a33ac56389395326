import { apiRoute } from '@/lib/http/route';
import { listReconciliationRuns, listReconciliationRunsQuery, serializeReconciliationRun } from '@/lib/settlement/reconciliation';
import { listResponse } from '@/lib/http/list';

export const GET = apiRoute({ permission: 'payments:read', query: listReconciliationRunsQuery }, async ({ db, merchantId, query }) => {
  const page = await listReconciliationRuns(db, merchantId, query);
  const data = page.data.map(serializeReconciliationRun);
  return listResponse(data, page.hasMore);
});
