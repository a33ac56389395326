import { stripeRoute } from '@/lib/http/stripe/route';
import { paymentIntentResponse } from '@/lib/stripe-compat/payment-intent-response';
import { getPaymentIntentOrThrow } from '@/lib/stripe-compat/payment-intent-store';
import { updatePaymentIntentParams } from '@/lib/stripe-compat/schemas';
import { updatePaymentIntent } from '@/lib/stripe-compat/update-payment-intent';

export const GET = stripeRoute({ permission: 'payments:read', expandable: ['latest_charge'] }, async ({ db, merchantId, path, expand }) =>
  paymentIntentResponse(db, await getPaymentIntentOrThrow(db, merchantId, path.id), expand),
);

export const POST = stripeRoute({ permission: 'payments:create', params: updatePaymentIntentParams, expandable: ['latest_charge'] }, async ({ db, merchantId, path, params, expand }) =>
  paymentIntentResponse(db, await updatePaymentIntent(db, { merchantId, id: path.id, params }), expand),
);
