import { stripeRoute } from '@/lib/http/stripe/route';
import { confirmPaymentIntent } from '@/lib/stripe-compat/confirm-payment-intent';
import { paymentIntentResponse } from '@/lib/stripe-compat/payment-intent-response';
import { confirmPaymentIntentParams } from '@/lib/stripe-compat/schemas';

export const POST = stripeRoute({ permission: 'payments:create', params: confirmPaymentIntentParams, expandable: ['latest_charge'] }, async ({ db, merchantId, path, params, clientIp, expand }) =>
  paymentIntentResponse(db, await confirmPaymentIntent(db, { merchantId, id: path.id, paymentMethod: params.payment_method, clientIp }), expand),
);
