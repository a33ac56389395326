import { stripeRoute } from '@/lib/http/stripe/route';
import { getChargePaymentOrThrow, serializeCharges } from '@/lib/stripe-compat/charges';

export const GET = stripeRoute({ permission: 'payments:read' }, async ({ db, merchantId, path }) => {
  const [charge] = await serializeCharges(db, [await getChargePaymentOrThrow(db, merchantId, path.id)]);
  return charge;
});
