import { stripeRoute } from '@/lib/http/stripe/route';
import { createStripeRefund, listStripeRefunds, serializeStripeRefunds } from '@/lib/stripe-compat/refunds';
import { createRefundParams, listRefundsParams } from '@/lib/stripe-compat/schemas';
import { stripeList } from '@/lib/stripe-compat/serialize';

export const POST = stripeRoute({ permission: 'refunds:create', params: createRefundParams }, async ({ db, merchantId, params }) => {
  const [refund] = await serializeStripeRefunds(db, [await createStripeRefund(db, { merchantId, params })]);
  return refund;
});

export const GET = stripeRoute({ permission: 'payments:read', params: listRefundsParams }, async ({ db, merchantId, params }) => {
  const page = await listStripeRefunds(db, merchantId, params);
  return stripeList('/v1/refunds', await serializeStripeRefunds(db, page.data), page.hasMore);
});
