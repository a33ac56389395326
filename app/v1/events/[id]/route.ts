import { stripeRoute } from '@/lib/http/stripe/route';
import { getStripeEventOrThrow } from '@/lib/stripe-compat/stripe-events';

export const GET = stripeRoute({ permission: 'payments:read' }, async ({ db, merchantId, path }) => getStripeEventOrThrow(db, merchantId, path.id));
