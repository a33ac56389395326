import { apiRoute } from '@/lib/http/route';
import { recentApiRequests, requestLogsQuery, serializeApiRequest } from '@/lib/http/request-log';

export const GET = apiRoute({ permission: 'developers:manage', query: requestLogsQuery }, async ({ db, merchantId, query }) => ({
  object: 'list',
  data: (await recentApiRequests(db, merchantId, query.limit)).map(serializeApiRequest),
  has_more: false,
}));
