import { apiRoute } from '@/lib/http/route';
import { listResponse } from '@/lib/list';
import { listReconciliationRuns } from '@/lib/settlement/reconciliation/queries';
import { listReconciliationRunsQuery } from '@/lib/settlement/reconciliation/schemas';
import { serializeReconciliationRun } from '@/lib/settlement/reconciliation/serialize';

export const GET = apiRoute({ permission: 'payments:read', query: listReconciliationRunsQuery }, async ({ db, merchantId, query }) => {
  const page = await listReconciliationRuns(db, { merchantId, limit: query.limit, startingAfter: query.starting_after });
  const data = page.data.map(serializeReconciliationRun);
  return listResponse(data, page.hasMore);
});
