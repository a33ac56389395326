import { stripeRoute, type StripeContext } from '@/lib/http/stripe/route';
import { crashPoint } from '@/lib/testing/crash-point';
import { getPaymentIntentOrThrow } from '@/lib/stripe-compat/payment-intent-store';
import { confirmPaymentIntent } from '@/lib/stripe-compat/confirm-payment-intent';
import { createPaymentIntent } from '@/lib/stripe-compat/create-payment-intent';
import { listPaymentIntents } from '@/lib/stripe-compat/list-payment-intents';
import { paymentIntentResponse } from '@/lib/stripe-compat/payment-intent-response';
import { createPaymentIntentParams, listPaymentIntentsParams, type CreatePaymentIntentParams } from '@/lib/stripe-compat/schemas';
import { serializePaymentIntent } from '@/lib/stripe-compat/serialize-payment-intent';
import { stripeList } from '@/lib/stripe-compat/serialize';

/** What is left after the PaymentIntent is recorded: its confirmation, when asked for. */
async function confirmIfAsked({ db, merchantId, params, clientIp, expand }: StripeContext<CreatePaymentIntentParams>, id: string) {
  const view = params.confirm ? await confirmPaymentIntent(db, { merchantId, id, clientIp }) : await getPaymentIntentOrThrow(db, merchantId, id);
  return paymentIntentResponse(db, view, expand);
}

export const POST = stripeRoute(
  { permission: 'payments:create', params: createPaymentIntentParams, expandable: ['latest_charge'], resumePaymentIntent: confirmIfAsked },
  async (ctx) => {
    const created = await createPaymentIntent(ctx.db, { merchantId: ctx.merchantId, params: ctx.params });
    crashPoint('stripe.after_payment_intent');
    return confirmIfAsked(ctx, created.intent!.id);
  },
);

export const GET = stripeRoute({ permission: 'payments:read', params: listPaymentIntentsParams }, async ({ db, merchantId, params }) => {
  const page = await listPaymentIntents(db, merchantId, params);
  return stripeList('/v1/payment_intents', page.data.map((view) => serializePaymentIntent(view)), page.hasMore);
});
