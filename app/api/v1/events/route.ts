import { apiRoute } from '@/lib/http/route';
import { listEvents, listEventsQuery, serializeEvent } from '@/lib/webhooks/events';

export const GET = apiRoute({ permission: 'payments:read', query: listEventsQuery }, async ({ db, merchantId, query }) => {
  const page = await listEvents(db, merchantId, query);
  const data = page.data.map(serializeEvent);
  return { object: 'list', data, has_more: page.hasMore, next_cursor: page.hasMore ? data.at(-1)!.id : null };
});
