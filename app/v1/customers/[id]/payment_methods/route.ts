import { stripeRoute } from '@/lib/http/stripe/route';
import { listPaymentMethodsOf } from '@/lib/stripe-compat/list-payment-methods';
import { customerPaymentMethodListParams } from '@/lib/stripe-compat/object-params';
import { stripeList } from '@/lib/stripe-compat/serialize';
import { serializePaymentMethod } from '@/lib/stripe-compat/serialize-customer';

export const GET = stripeRoute({ permission: 'payments:read', params: customerPaymentMethodListParams }, async ({ db, merchantId, path, params }) => {
  const page = await listPaymentMethodsOf(db, { merchantId, customerId: path.id, ...params });
  return stripeList(`/v1/customers/${path.id}/payment_methods`, page.data.map(serializePaymentMethod), page.hasMore);
});
