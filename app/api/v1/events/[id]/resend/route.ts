import { apiRoute } from '@/lib/http/route';
import { resendEvent, resendEventBody } from '@/lib/webhooks/deliveries';

export const POST = apiRoute({ permission: 'developers:manage', body: resendEventBody }, async ({ db, merchantId, params, body }) => ({
  object: 'list',
  data: await resendEvent(db, merchantId, params.id, body),
  has_more: false,
}));
