import { z } from 'zod';
import { recordIdempotentResource } from '@/lib/idempotency/keys';
import { transaction, type Db } from '@/db/client';
import { DomainError } from '@/lib/errors';
import { addPaymentEvent, getPaymentById, sealedDetailsContext, type Payment } from '@/lib/payments/payment-store';
import { submitToProcessor } from '@/lib/payments/submit-to-processor';
import { transitionPayment } from '@/lib/payments/transition-payment';
import { unseal } from '@/lib/security/encryption';
import { emitEvent } from '@/lib/events/events';
import { getReviewOrThrow, recordReviewDecision, serializeReview, type Review } from '@/lib/risk/reviews';

async function decide(
  tx: Db,
  merchantId: string,
  id: string,
  decision: { status: 'approved' | 'rejected'; actor: string; reason: string | null },
  now: number,
): Promise<{ review: Review; payment: Payment }> {
  const review = await getReviewOrThrow(tx, merchantId, id);
  const decided = review.status === 'open' ? await recordReviewDecision(tx, id, decision, now) : undefined;
  if (!decided) {
    throw new DomainError('review_already_decided', `This review was already ${review.status} by ${review.decidedBy}.`);
  }
  const payment = await getPaymentById(tx, review.paymentId);
  if (payment.status !== 'pending') {
    const verb = decision.status === 'approved' ? 'approved' : 'rejected';
    throw new DomainError('payment_state_invalid', `The payment under review is ${payment.status}; it cannot be ${verb}.`);
  }
  await recordIdempotentResource(tx, { type: 'review', id });
  return { review: decided, payment };
}

/**
 * Approves a held payment: it goes to the processor with the details sealed at creation and
 * ends `success` or `failed` as it would have without review. The sealed copy is erased in
 * the same transaction that records the decision.
 */
export type ReviewDecisionCommand = { merchantId: string; reviewId: string; actor: string; now?: number };

export async function approveReview(db: Db, { merchantId, reviewId: id, actor, now = Date.now() }: ReviewDecisionCommand) {
  const { review, payment, details } = await transaction(db, async (tx) => {
    const { review, payment } = await decide(tx, merchantId, id, { status: 'approved', actor, reason: null }, now);
    if (payment.sealedDetails === null) {
      throw new DomainError('payment_state_invalid', 'The payment under review has no payment details left; it cannot be approved.');
    }
    const details = JSON.parse(unseal(payment.sealedDetails, sealedDetailsContext(payment.id))) as unknown;
    const processing = await transitionPayment(tx, payment, {
      to: 'processing',
      changes: { sealedDetails: null },
      timeline: { type: 'review.approved', message: `Review approved by ${actor}`, data: { review: id } },
    }, now);
    await emitEvent(tx, merchantId, 'review.approved', serializeReview(review), now);
    return { review, payment: processing, details };
  });
  await submitToProcessor(db, payment, details, now);
  return review;
}

/** Rejects a held payment: it is cancelled with the reviewer's reason; nothing reaches a processor. */
export const rejectReviewBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export async function rejectReview(
  db: Db,
  { merchantId, reviewId: id, actor, reason, now = Date.now() }: ReviewDecisionCommand & { reason: string },
) {
  return transaction(db, async (tx) => {
    const { review, payment } = await decide(tx, merchantId, id, { status: 'rejected', actor, reason }, now);
    await addPaymentEvent(tx, payment.id, 'review.rejected', `Review rejected by ${actor}: ${reason}`, { review: id, reason }, now);
    await emitEvent(tx, merchantId, 'review.rejected', serializeReview(review), now);
    await transitionPayment(tx, payment, {
      to: 'cancelled',
      changes: { sealedDetails: null },
      timeline: { type: 'payment.cancelled', message: 'Cancelled after review' },
      events: ['payment.cancelled'],
    }, now);
    return review;
  });
}
