import { stripeRoute } from '@/lib/http/stripe/route';
import { getRefundOrThrow } from '@/lib/payments/refund-payment';
import { serializeStripeRefunds } from '@/lib/stripe-compat/refunds';

export const GET = stripeRoute({ permission: 'payments:read' }, async ({ db, merchantId, path }) => {
  const [refund] = await serializeStripeRefunds(db, [await getRefundOrThrow(db, merchantId, path.id)]);
  return refund;
});
