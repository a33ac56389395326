import { deleteCustomer, updateCustomer } from '@/lib/customers/customers';
import { findCustomer } from '@/lib/customers/get-customer';
import { notFound } from '@/lib/errors';
import { stripeRoute } from '@/lib/http/stripe/route';
import { customerFieldsOf, customerParams } from '@/lib/stripe-compat/object-params';
import { serializeCustomer, serializeDeletedCustomer } from '@/lib/stripe-compat/serialize-customer';

// A deleted customer still answers (`deleted: true`), as Stripe's does.
export const GET = stripeRoute({ permission: 'payments:read' }, async ({ db, merchantId, path }) => {
  const customer = await findCustomer(db, merchantId, path.id);
  if (!customer) throw notFound('customer', path.id);
  return serializeCustomer(customer);
});

export const POST = stripeRoute({ permission: 'payments:create', params: customerParams }, async ({ db, merchantId, path, params }) =>
  serializeCustomer(await updateCustomer(db, { merchantId, id: path.id, fields: customerFieldsOf(params) })),
);

export const DELETE = stripeRoute({ permission: 'payments:create' }, async ({ db, merchantId, path }) =>
  serializeDeletedCustomer(await deleteCustomer(db, { merchantId, id: path.id })),
);
