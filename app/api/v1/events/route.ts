import { apiRoute } from '@/lib/http/route';
import { listEvents, listEventsQuery, serializeEvent } from '@/lib/events/events';
import { listResponse } from '@/lib/list';

export const GET = apiRoute({ permission: 'payments:read', query: listEventsQuery }, async ({ db, merchantId, query }) => {
  const page = await listEvents(db, merchantId, query);
  const data = page.data.map(serializeEvent);
  return listResponse(data, page.hasMore);
});
