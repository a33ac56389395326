import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { paymentIntentAttempts, paymentIntents, payments } from '@/db/schema';
import { suffixOf } from './ids';
import { cursorPage, cursorQuery } from './list';
import type { PaymentIntentView } from './payment-intent-store';
import type { ListPaymentIntentsParams } from './schemas';

/**
 * PaymentIntents, newest first: the rows made through /v1 and the payments made through the
 * native API (those that are no PaymentIntent's attempt), merged by their shared time-ordered
 * suffix, so one cursor pages through both.
 */
export async function listPaymentIntents(db: Db, merchantId: string, params: ListPaymentIntentsParams): Promise<{ data: PaymentIntentView[]; hasMore: boolean }> {
  const rowsQuery = cursorQuery(paymentIntents.id, params, (id) => `pi_${suffixOf(id)}`);
  const paymentsQuery = cursorQuery(payments.id, params, (id) => `pay_${suffixOf(id)}`);
  const [intents, natives] = await Promise.all([
    db
      .select()
      .from(paymentIntents)
      .where(and(eq(paymentIntents.merchantId, merchantId), params.customer ? eq(paymentIntents.customerId, params.customer) : undefined, rowsQuery.where))
      .orderBy(rowsQuery.orderBy)
      .limit(rowsQuery.limit),
    db
      .select({ payment: payments })
      .from(payments)
      .leftJoin(paymentIntentAttempts, eq(paymentIntentAttempts.paymentId, payments.id))
      .where(and(eq(payments.merchantId, merchantId), isNull(paymentIntentAttempts.paymentId), params.customer ? eq(payments.customerId, params.customer) : undefined, paymentsQuery.where))
      .orderBy(paymentsQuery.orderBy)
      .limit(paymentsQuery.limit),
  ]);
  const direction = rowsQuery.backwards ? 1 : -1;
  const merged = [
    ...intents.map((intent) => ({ suffix: suffixOf(intent.id), intent, payment: null as PaymentIntentView['payment'] })),
    ...natives.map(({ payment }) => ({ suffix: suffixOf(payment.id), intent: null, payment })),
  ]
    .sort((a, b) => (a.suffix < b.suffix ? -direction : a.suffix > b.suffix ? direction : 0))
    .slice(0, params.limit + 1);
  const page = cursorPage(merged, params, rowsQuery.backwards);

  // The latest payment of each row, in one query.
  const latestIds = page.data.flatMap((item) => (item.intent?.paymentId ? [item.intent.paymentId] : []));
  const latest = latestIds.length ? await db.select().from(payments).where(inArray(payments.id, latestIds)) : [];
  const byId = new Map(latest.map((payment) => [payment.id, payment]));
  return {
    data: page.data.map(({ intent, payment }) => ({ intent, payment: intent ? (byId.get(intent.paymentId ?? '') ?? null) : payment })),
    hasMore: page.hasMore,
  };
}
