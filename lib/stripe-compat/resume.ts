import type { Db } from '@/db/client';
import type { IdempotentResource } from '@/lib/idempotency/keys';
import { getPaymentOrThrow } from '@/lib/payments/payment-store';
import { getRefundOrThrow } from '@/lib/payments/refund-payment';
import { settleAbandonedPayment, settlePendingRefund } from '@/lib/payments/settle-in-flight';
import { DomainError } from '@/lib/errors';
import { confirmationAnswer } from './confirm-payment-intent';
import { paymentIntentResponse } from './payment-intent-response';
import { paymentIntentOfPayment } from './payment-intent-store';
import { serializeStripeRefunds } from './refunds';

/**
 * lib/idempotency/resume-resource.ts for the Stripe-compatible surface: a keyed /v1 request
 * whose first attempt died after recording its payment or refund is settled the same way
 * (never executed again) and answered as the first attempt would have been: the same object
 * (with its `expand[]`), or the same error (a declined confirmation's 402).
 */
export async function resumeStripeResource(db: Db, merchantId: string, resource: IdempotentResource, expand: readonly string[]): Promise<unknown> {
  if (resource.type === 'payment') {
    await getPaymentOrThrow(db, merchantId, resource.id);
    const payment = await settleAbandonedPayment(db, resource.id);
    const { intent } = await paymentIntentOfPayment(db, payment);
    // A confirmation answers as it would have: a decline is Stripe's 402, not the PaymentIntent.
    const view = intent ? await confirmationAnswer(db, intent, payment) : { intent, payment };
    return paymentIntentResponse(db, view, expand);
  }
  if (resource.type === 'refund') {
    const refund = await getRefundOrThrow(db, merchantId, resource.id);
    const payment = await getPaymentOrThrow(db, merchantId, refund.paymentId);
    const [answer] = await serializeStripeRefunds(db, [await settlePendingRefund(db, refund, payment.method)]);
    return answer;
  }
  throw new DomainError('internal_error', `A ${resource.type} cannot be resumed through the Stripe-compatible API.`);
}
