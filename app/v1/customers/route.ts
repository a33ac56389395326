import { createCustomer } from '@/lib/customers/customers';
import { stripeRoute } from '@/lib/http/stripe/route';
import { listCustomers } from '@/lib/stripe-compat/list-customers';
import { customerFieldsOf, customerListParams, customerParams } from '@/lib/stripe-compat/object-params';
import { serializeCustomer } from '@/lib/stripe-compat/serialize-customer';
import { stripeList } from '@/lib/stripe-compat/serialize';

export const POST = stripeRoute({ permission: 'payments:create', params: customerParams }, async ({ db, merchantId, params }) =>
  serializeCustomer(await createCustomer(db, { merchantId, fields: customerFieldsOf(params) })),
);

export const GET = stripeRoute({ permission: 'payments:read', params: customerListParams }, async ({ db, merchantId, params }) => {
  const page = await listCustomers(db, merchantId, params);
  return stripeList('/v1/customers', page.data.map(serializeCustomer), page.hasMore);
});
