import { stripeRoute } from '@/lib/http/stripe/route';
import { listPaymentMethodsOf } from '@/lib/stripe-compat/list-payment-methods';
import { paymentMethodListParams } from '@/lib/stripe-compat/object-params';
import { stripeList } from '@/lib/stripe-compat/serialize';
import { serializePaymentMethod } from '@/lib/stripe-compat/serialize-customer';

export const GET = stripeRoute({ permission: 'payments:read', params: paymentMethodListParams }, async ({ db, merchantId, params }) => {
  const page = await listPaymentMethodsOf(db, { merchantId, customerId: params.customer, ...params });
  return stripeList('/v1/payment_methods', page.data.map(serializePaymentMethod), page.hasMore);
});
