import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { paymentEvents, payments, refunds, type Payment, type Refund } from '@/db/schema';
import { notFound } from '@/lib/errors';

export type { Payment, Refund };
/** What a payment's sealed details are bound to: they open for this payment only. */
export const sealedDetailsContext = (paymentId: string) => `payments.sealed_details.${paymentId}`;

export type PaymentEvent = typeof paymentEvents.$inferSelect;

/** Loads a payment of this merchant; another merchant's payment is as missing as an unknown id. */
export async function getPaymentOrThrow(db: Db, merchantId: string, id: string): Promise<Payment> {
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, id), eq(payments.merchantId, merchantId)));
  if (!payment) throw notFound('payment', id);
  return payment;
}

export async function getPaymentById(db: Db, id: string): Promise<Payment> {
  const [payment] = await db.select().from(payments).where(eq(payments.id, id));
  if (!payment) throw notFound('payment', id);
  return payment;
}

export async function addPaymentEvent(
  tx: Db,
  paymentId: string,
  type: string,
  message: string,
  data: Record<string, unknown> = {},
  now = Date.now(),
): Promise<void> {
  await tx.insert(paymentEvents).values({ paymentId, type, message, data, createdAt: now });
}

export async function paymentEventsOf(db: Db, paymentId: string): Promise<PaymentEvent[]> {
  return db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, paymentId)).orderBy(asc(paymentEvents.id));
}

export async function refundsOf(db: Db, paymentId: string): Promise<Refund[]> {
  return db.select().from(refunds).where(eq(refunds.paymentId, paymentId)).orderBy(asc(refunds.id));
}

/** The refunds of several payments (a list page) in one query, by payment id. */
export async function refundsByPayment(db: Db, paymentIds: readonly string[]): Promise<Map<string, Refund[]>> {
  const byPayment = new Map<string, Refund[]>(paymentIds.map((id) => [id, []]));
  if (paymentIds.length === 0) return byPayment;
  const rows = await db.select().from(refunds).where(inArray(refunds.paymentId, [...paymentIds])).orderBy(asc(refunds.id));
  for (const refund of rows) byPayment.get(refund.paymentId)?.push(refund);
  return byPayment;
}
