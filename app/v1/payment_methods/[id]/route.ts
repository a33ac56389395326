import { stripeRoute } from '@/lib/http/stripe/route';
import { getStripePaymentMethodOrThrow } from '@/lib/stripe-compat/payment-methods';

export const GET = stripeRoute({ permission: 'payments:read' }, async ({ db, merchantId, path }) => getStripePaymentMethodOrThrow(db, merchantId, path.id));
