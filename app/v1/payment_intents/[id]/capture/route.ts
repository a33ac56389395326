import { stripeRoute } from '@/lib/http/stripe/route';
import { capturePaymentIntent } from '@/lib/stripe-compat/capture-payment-intent';
import { paymentIntentResponse } from '@/lib/stripe-compat/payment-intent-response';
import { capturePaymentIntentParams } from '@/lib/stripe-compat/schemas';

export const POST = stripeRoute({ permission: 'payments:manage', params: capturePaymentIntentParams, expandable: ['latest_charge'] }, async ({ db, merchantId, path, params, expand }) =>
  paymentIntentResponse(db, await capturePaymentIntent(db, { merchantId, id: path.id, amountToCapture: params.amount_to_capture }), expand),
);
