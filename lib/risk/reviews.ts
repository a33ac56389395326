import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { reviews } from '@/db/schema';
import { notFound } from '@/lib/errors';
import { newId } from '@/lib/ids';

// The one module that writes `reviews`. The queue's reads (list, the review with its payment)
// live in lib/review-queue, above payments, so risk never imports payments.

export type Review = typeof reviews.$inferSelect;

/** Opens the review of a payment held as `pending`; runs in the payment's transaction. */
export async function openReview(tx: Db, { merchantId, paymentId }: { merchantId: string; paymentId: string }, now: number): Promise<Review> {
  const [review] = await tx.insert(reviews).values({ id: newId('rev', now), merchantId, paymentId, status: 'open', createdAt: now }).returning();
  return review;
}

/** Records a reviewer's decision on an open review; false if it was no longer open. */
export async function recordReviewDecision(
  tx: Db,
  id: string,
  decision: { status: 'approved' | 'rejected'; actor: string; reason: string | null },
  now: number,
): Promise<Review | undefined> {
  const [decided] = await tx
    .update(reviews)
    .set({ status: decision.status, reason: decision.reason, decidedBy: decision.actor, decidedAt: now })
    .where(and(eq(reviews.id, id), eq(reviews.status, 'open')))
    .returning();
  return decided;
}

/** A held payment that is cancelled settles its review as rejected, with who and why. */
export async function closeReviewOfCancelledPayment(tx: Db, args: { paymentId: string; reason: string; actor: string }, now: number): Promise<void> {
  await tx
    .update(reviews)
    .set({ status: 'rejected', reason: `Payment cancelled: ${args.reason}`, decidedBy: args.actor, decidedAt: now })
    .where(and(eq(reviews.paymentId, args.paymentId), eq(reviews.status, 'open')));
}

/** The review alone, as event snapshots carry it (the API's review adds payment and history). */
export function serializeReview(review: Review) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: review.id,
    object: 'review' as const,
    payment: review.paymentId,
    status: review.status,
    reason: review.reason,
    decided_by: review.decidedBy,
    decided_at: iso(review.decidedAt),
    created: iso(review.createdAt),
    livemode: false,
  };
}

export async function getReviewOrThrow(db: Db, merchantId: string, id: string): Promise<Review> {
  const [review] = await db.select().from(reviews).where(and(eq(reviews.id, id), eq(reviews.merchantId, merchantId)));
  if (!review) throw notFound('review', id);
  return review;
}

