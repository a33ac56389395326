import { and, count, desc, eq, lt, min, sql, sum } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { countWhere } from '@/db/sql';
import { payments, reviews, reviewStatuses } from '@/db/schema';
import { formatAmount } from '@/lib/money/money';
import { assertCursor, pageOf } from '@/lib/list';
import { refundsOf, type Payment } from '@/lib/payments/payment-store';
import { paymentObject, serializePayment } from '@/lib/payments/serialize';
import { currencyCode, decimalAmount, livemode, timestamp } from '@/lib/api-objects';
import { getReviewOrThrow, type Review } from '@/lib/risk/reviews';

export const listReviewsQuery = z.strictObject({
  status: z.enum(reviewStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().optional(),
});

// Open reviews first, then decided ones; newest first within each.
const rank = sql<number>`CASE WHEN ${reviews.status} = 'open' THEN 0 ELSE 1 END`;

export async function listReviews(db: Db, merchantId: string, query: z.infer<typeof listReviewsQuery>) {
  const conditions = [eq(reviews.merchantId, merchantId)];
  if (query.status) conditions.push(eq(reviews.status, query.status));
  if (query.starting_after) {
    await assertCursor(db, reviews, merchantId, query.starting_after);
    const cursor = await getReviewOrThrow(db, merchantId, query.starting_after);
    const cursorRank = cursor.status === 'open' ? 0 : 1;
    conditions.push(sql`(${rank} > ${cursorRank} OR (${rank} = ${cursorRank} AND ${lt(reviews.id, cursor.id)}))`);
  }
  const rows = await db
    .select()
    .from(reviews)
    .where(and(...conditions))
    .orderBy(rank, desc(reviews.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}

/** What a reviewer wants to know about the customer: how they have paid this merchant before. */
const customerHistoryObject = z.strictObject({
  customer_id: z.string(),
  previous_payments: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  captured_volume: decimalAmount,
  currency: currencyCode,
  first_seen: timestamp.nullable(),
});

export const reviewObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('review'),
    status: z.enum(reviewStatuses),
    reason: z.string().nullable(),
    decided_by: z.string().nullable(),
    decided_at: timestamp.nullable(),
    payment: paymentObject,
    customer_history: customerHistoryObject.nullable().describe("The customer's earlier payments, when the payment names a customer."),
    created: timestamp,
    livemode,
  })
  .meta({ id: 'Review', description: 'A payment held for a person to approve or reject.' });
export type SerializedReview = z.infer<typeof reviewObject>;

export async function customerHistory(db: Db, payment: Payment): Promise<z.infer<typeof customerHistoryObject> | null> {
  if (!payment.customerId) return null;
  const [row] = await db
    .select({
      payments: count(),
      succeeded: countWhere(sql`${payments.status} = 'success'`),
      failed: countWhere(sql`${payments.status} = 'failed'`),
      refunded: sum(payments.amountRefunded).mapWith(Number),
      volume: sql<number>`coalesce(sum(CASE WHEN ${payments.currency} = ${payment.currency} THEN ${payments.amountCaptured} ELSE 0 END), 0)`.mapWith(Number),
      firstSeen: min(payments.createdAt),
    })
    .from(payments)
    .where(and(eq(payments.merchantId, payment.merchantId), eq(payments.customerId, payment.customerId), lt(payments.createdAt, payment.createdAt)));
  return {
    customer_id: payment.customerId,
    previous_payments: row.payments,
    succeeded: row.succeeded,
    failed: row.failed,
    captured_volume: formatAmount(row.volume, payment.currency),
    currency: payment.currency,
    first_seen: row.firstSeen === null ? null : new Date(row.firstSeen).toISOString(),
  };
}

export async function reviewResponse(db: Db, review: Review): Promise<SerializedReview> {
  const [payment] = await db.select().from(payments).where(eq(payments.id, review.paymentId));
  return {
    id: review.id,
    object: 'review' as const,
    status: review.status,
    reason: review.reason,
    decided_by: review.decidedBy,
    decided_at: review.decidedAt === null ? null : new Date(review.decidedAt).toISOString(),
    payment: serializePayment(payment, await refundsOf(db, payment.id)),
    customer_history: await customerHistory(db, payment),
    created: new Date(review.createdAt).toISOString(),
    livemode: false,
  };
}
