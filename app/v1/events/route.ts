import { stripeRoute } from '@/lib/http/stripe/route';
import { eventListParams } from '@/lib/stripe-compat/object-params';
import { stripeList } from '@/lib/stripe-compat/serialize';
import { listStripeEvents } from '@/lib/stripe-compat/stripe-events';

export const GET = stripeRoute({ permission: 'payments:read', params: eventListParams }, async ({ db, merchantId, params }) => {
  const page = await listStripeEvents(db, merchantId, params);
  return stripeList('/v1/events', page.data, page.hasMore);
});
