import { eq } from 'drizzle-orm';
import { recordIdempotentResource } from '@/lib/idempotency/keys';
import { transaction, type Db } from '@/db/client';
import { payments, reviews } from '@/db/schema';
import { ApiError } from '@/lib/http/errors';
import { addPaymentEvent, getPaymentById, sealedDetailsContext, type Payment } from '@/lib/payments/payment-store';
import { submitToProcessor } from '@/lib/payments/submit-to-processor';
import { unseal } from '@/lib/security/encryption';
import { serializePayment } from '@/lib/payments/serialize';
import { emitEvent } from '@/lib/webhooks/events';
import { getReviewOrThrow, serializeReview, type Review } from './reviews';

async function decide(
  tx: Db,
  merchantId: string,
  id: string,
  decision: { status: 'approved' | 'rejected'; actor: string; reason: string | null },
  now: number,
): Promise<{ review: Review; payment: Payment }> {
  const review = await getReviewOrThrow(tx, merchantId, id);
  if (review.status !== 'open') {
    throw new ApiError('review_already_decided', `This review was already ${review.status} by ${review.decidedBy}.`);
  }
  const payment = await getPaymentById(tx, review.paymentId);
  const [decided] = await tx
    .update(reviews)
    .set({ status: decision.status, reason: decision.reason, decidedBy: decision.actor, decidedAt: now })
    .where(eq(reviews.id, id))
    .returning();
  await recordIdempotentResource(tx, { type: 'review', id });
  return { review: decided, payment };
}

/**
 * Approves a held payment: it goes to the processor with the details sealed at creation and
 * ends `success` or `failed` as it would have without review. The sealed copy is erased in
 * the same transaction that records the decision.
 */
export async function approveReview(db: Db, merchantId: string, id: string, actor: string, now = Date.now()) {
  const { review, payment, details } = await transaction(db, async (tx) => {
    const { review, payment } = await decide(tx, merchantId, id, { status: 'approved', actor, reason: null }, now);
    if (payment.status !== 'pending' || payment.sealedDetails === null) {
      throw new ApiError('payment_state_invalid', `The payment under review is ${payment.status}; it cannot be approved.`);
    }
    const [processing] = await tx
      .update(payments)
      .set({ status: 'processing', sealedDetails: null, updatedAt: now })
      .where(eq(payments.id, payment.id))
      .returning();
    await addPaymentEvent(tx, payment.id, 'review.approved', `Review approved by ${actor}`, { review: id }, now);
    await emitEvent(tx, merchantId, 'review.approved', serializeReview(review), now);
    return { review, payment: processing, details: JSON.parse(unseal(payment.sealedDetails, sealedDetailsContext(payment.id))) as unknown };
  });
  await submitToProcessor(db, payment, details, now);
  return review;
}

/** Rejects a held payment: it is cancelled with the reviewer's reason; nothing reaches a processor. */
export async function rejectReview(db: Db, merchantId: string, id: string, actor: string, reason: string, now = Date.now()) {
  return transaction(db, async (tx) => {
    const { review, payment } = await decide(tx, merchantId, id, { status: 'rejected', actor, reason }, now);
    if (payment.status !== 'pending') {
      throw new ApiError('payment_state_invalid', `The payment under review is ${payment.status}; it cannot be rejected.`);
    }
    const [cancelled] = await tx
      .update(payments)
      .set({ status: 'cancelled', sealedDetails: null, updatedAt: now })
      .where(eq(payments.id, payment.id))
      .returning();
    await addPaymentEvent(tx, payment.id, 'review.rejected', `Review rejected by ${actor}: ${reason}`, { review: id, reason }, now);
    await addPaymentEvent(tx, payment.id, 'payment.cancelled', 'Cancelled after review', {}, now);
    await emitEvent(tx, merchantId, 'review.rejected', serializeReview(review), now);
    await emitEvent(tx, merchantId, 'payment.cancelled', serializePayment(cancelled, []), now);
    return review;
  });
}
