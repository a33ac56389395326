import { detachPaymentMethod } from '@/lib/customers/payment-methods';
import { stripeRoute } from '@/lib/http/stripe/route';
import { serializePaymentMethod } from '@/lib/stripe-compat/serialize-customer';

export const POST = stripeRoute({ permission: 'payments:create' }, async ({ db, merchantId, path }) =>
  serializePaymentMethod(await detachPaymentMethod(db, { merchantId, paymentMethodId: path.id })),
);
