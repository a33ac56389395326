import type { Db } from '@/db/client';
import type { IdempotentResource } from '@/lib/idempotency/keys';
import { getPaymentOrThrow } from '@/lib/payments/payment-store';
import { getRefundOrThrow } from '@/lib/payments/refund-payment';
import { settleAbandonedPayment, settlePendingRefund } from '@/lib/payments/settle-in-flight';
import { DomainError } from '@/lib/errors';
import { paymentIntentIdOfView, paymentIntentOfPayment } from './payment-intent-store';
import { serializeStripeRefund } from './serialize';
import { serializePaymentIntent } from './serialize-payment-intent';

/**
 * lib/idempotency/resume-resource.ts for the Stripe-compatible surface: a keyed /v1 request
 * whose first attempt died after recording its payment or refund is settled the same way
 * (never executed again) and answered in Stripe's shape.
 */
export async function resumeStripeResource(db: Db, merchantId: string, resource: IdempotentResource): Promise<unknown> {
  if (resource.type === 'payment') {
    await getPaymentOrThrow(db, merchantId, resource.id);
    return serializePaymentIntent(await paymentIntentOfPayment(db, await settleAbandonedPayment(db, resource.id)));
  }
  if (resource.type === 'refund') {
    const refund = await getRefundOrThrow(db, merchantId, resource.id);
    const payment = await getPaymentOrThrow(db, merchantId, refund.paymentId);
    const settled = await settlePendingRefund(db, refund, payment.method);
    return serializeStripeRefund(settled, paymentIntentIdOfView(await paymentIntentOfPayment(db, payment)));
  }
  throw new DomainError('internal_error', `A ${resource.type} cannot be resumed through the Stripe-compatible API.`);
}
