import { apiRoute } from '@/lib/http/route';
import { getEventOrThrow, serializeEvent } from '@/lib/events/events';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId, params }) =>
  serializeEvent(await getEventOrThrow(db, merchantId, params.id)),
);
