import { apiRoute } from '@/lib/http/route';
import { listDeliveries, listDeliveriesQuery } from '@/lib/webhooks/deliveries';
import { listResponse } from '@/lib/list';

export const GET = apiRoute({ permission: 'developers:manage', query: listDeliveriesQuery }, async ({ db, merchantId, params, query }) => {
  const page = await listDeliveries(db, merchantId, params.id, query);
  return listResponse(page.data, page.hasMore);
});
