import { stripeRoute } from '@/lib/http/stripe/route';
import { confirmPaymentIntent } from '@/lib/stripe-compat/confirm-payment-intent';
import { createPaymentIntent } from '@/lib/stripe-compat/create-payment-intent';
import { listPaymentIntents } from '@/lib/stripe-compat/list-payment-intents';
import { paymentIntentResponse } from '@/lib/stripe-compat/payment-intent-response';
import { createPaymentIntentParams, listPaymentIntentsParams } from '@/lib/stripe-compat/schemas';
import { serializePaymentIntent } from '@/lib/stripe-compat/serialize-payment-intent';
import { stripeList } from '@/lib/stripe-compat/serialize';

export const POST = stripeRoute({ permission: 'payments:create', params: createPaymentIntentParams, expandable: ['latest_charge'] }, async ({ db, merchantId, params, clientIp, expand }) => {
  const created = await createPaymentIntent(db, { merchantId, params });
  const view = params.confirm ? await confirmPaymentIntent(db, { merchantId, id: created.intent!.id, clientIp }) : created;
  return paymentIntentResponse(db, view, expand);
});

export const GET = stripeRoute({ permission: 'payments:read', params: listPaymentIntentsParams }, async ({ db, merchantId, params }) => {
  const page = await listPaymentIntents(db, merchantId, params);
  return stripeList('/v1/payment_intents', page.data.map((view) => serializePaymentIntent(view)), page.hasMore);
});
