import { stripeRoute } from '@/lib/http/stripe/route';
import { attachParams } from '@/lib/stripe-compat/object-params';
import { attachStripePaymentMethod } from '@/lib/stripe-compat/payment-methods';

export const POST = stripeRoute({ permission: 'payments:create', params: attachParams }, async ({ db, merchantId, path, params }) =>
  attachStripePaymentMethod(db, merchantId, path.id, params.customer),
);
