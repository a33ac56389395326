import { apiRoute } from '@/lib/http/route';
import { listDeliveries, listDeliveriesQuery } from '@/lib/webhooks/deliveries';

export const GET = apiRoute({ permission: 'developers:manage', query: listDeliveriesQuery }, async ({ db, merchantId, params, query }) => {
  const page = await listDeliveries(db, merchantId, params.id, query);
  return { object: 'list', data: page.data, has_more: page.hasMore, next_cursor: page.hasMore ? page.data.at(-1)!.id : null };
});
