import type { Db } from '@/db/client';
import { getPaymentOrThrow } from '@/lib/payments/payment-store';
import { paymentResponse } from '@/lib/payments/payment-response';
import { getRefundOrThrow } from '@/lib/payments/refund-payment';
import { serializeRefund } from '@/lib/payments/serialize';
import { settleAbandonedPayment, settlePendingRefund } from '@/lib/payments/settle-in-flight';
import { getReviewOrThrow } from '@/lib/risk/reviews';
import { reviewResponse } from '@/lib/review-queue/list-reviews';
import { getPayoutOrThrow, serializePayout } from '@/lib/settlement/payouts';
import type { IdempotentResource } from '@/lib/idempotency/keys';

/**
 * Finishes a keyed request whose first attempt died after recording its object, and returns
 * the object as that request's route would have: settled with the processor's `verify` (or a
 * refund re-sent, idempotent per refund id) exactly as the worker would, never executed again.
 */
const resumers: Record<IdempotentResource['type'], (db: Db, merchantId: string, id: string) => Promise<unknown>> = {
  payment: async (db, merchantId, id) => {
    await getPaymentOrThrow(db, merchantId, id);
    return paymentResponse(db, await settleAbandonedPayment(db, id));
  },
  refund: async (db, merchantId, id) => {
    const refund = await getRefundOrThrow(db, merchantId, id);
    const payment = await getPaymentOrThrow(db, merchantId, refund.paymentId);
    return serializeRefund(await settlePendingRefund(db, refund, payment.method));
  },
  review: async (db, merchantId, id) => {
    const review = await getReviewOrThrow(db, merchantId, id);
    await settleAbandonedPayment(db, review.paymentId);
    return reviewResponse(db, await getReviewOrThrow(db, merchantId, id));
  },
  payout: async (db, merchantId, id) => serializePayout(await getPayoutOrThrow(db, merchantId, id)),
  // Only /v1 makes PaymentIntents; a native route never records one.
  payment_intent: async (_db, _merchantId, id) => {
    throw new Error(`PaymentIntent ${id} cannot be resumed through the native API`);
  },
};

export function resumeResource(db: Db, merchantId: string, resource: IdempotentResource): Promise<unknown> {
  return resumers[resource.type](db, merchantId, resource.id);
}
