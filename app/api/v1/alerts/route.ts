import { apiRoute } from '@/lib/http/route';
import { listAlerts, listAlertsQuery, serializeAlert } from '@/lib/monitoring/alerts';

export const GET = apiRoute({ permission: 'payments:read', query: listAlertsQuery }, async ({ db, merchantId, query }) => ({
  object: 'list',
  data: (await listAlerts(db, merchantId, query)).map(serializeAlert),
  has_more: false,
}));
