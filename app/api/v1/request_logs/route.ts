import { z } from 'zod';
import { apiRoute } from '@/lib/http/route';
import { recentApiRequests, serializeApiRequest } from '@/lib/http/request-log';

const query = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const GET = apiRoute({ permission: 'developers:manage', query }, async ({ db, merchantId, query }) => ({
  object: 'list',
  data: (await recentApiRequests(db, merchantId, query.limit)).map(serializeApiRequest),
  has_more: false,
}));
