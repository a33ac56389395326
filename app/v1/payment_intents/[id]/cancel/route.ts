import { stripeRoute } from '@/lib/http/stripe/route';
import { cancelPaymentIntent } from '@/lib/stripe-compat/cancel-payment-intent';
import { paymentIntentResponse } from '@/lib/stripe-compat/payment-intent-response';
import { cancelPaymentIntentParams } from '@/lib/stripe-compat/schemas';

export const POST = stripeRoute({ permission: 'payments:manage', params: cancelPaymentIntentParams, expandable: ['latest_charge'] }, async ({ db, merchantId, path, params, principal, expand }) =>
  paymentIntentResponse(db, await cancelPaymentIntent(db, { merchantId, id: path.id, reason: params.cancellation_reason, actor: principal.actor }), expand),
);
