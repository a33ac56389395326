import { stripeRoute } from '@/lib/http/stripe/route';
import { listCharges, serializeCharges } from '@/lib/stripe-compat/charges';
import { listChargesParams } from '@/lib/stripe-compat/schemas';
import { stripeList } from '@/lib/stripe-compat/serialize';

export const GET = stripeRoute({ permission: 'payments:read', params: listChargesParams }, async ({ db, merchantId, params }) => {
  const page = await listCharges(db, merchantId, params);
  return stripeList('/v1/charges', await serializeCharges(db, page.data), page.hasMore);
});
