import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { forUpdate, preparedQuery, placeholders } from '@/db/sql';
import { paymentEvents, payments, refunds, type Payment, type Refund } from '@/db/schema';
import { notFound } from '@/lib/errors';

export type { Payment, Refund };
/** What a payment's sealed details are bound to: they open for this payment only. */
export const sealedDetailsContext = (paymentId: string) => `payments.sealed_details.${paymentId}`;

export type PaymentEvent = typeof paymentEvents.$inferSelect;

/** Loads a payment of this merchant; another merchant's payment is as missing as an unknown id. */
/** `lock`: the row stays locked until the transaction ends (db/sql.ts `forUpdate`). */
export async function getPaymentOrThrow(db: Db, merchantId: string, id: string, { lock = false } = {}): Promise<Payment> {
  const query = db
    .select()
    .from(payments)
    .where(and(eq(payments.id, id), eq(payments.merchantId, merchantId)));
  const [payment] = await (lock ? forUpdate(query) : query);
  if (!payment) throw notFound('payment', id);
  return payment;
}

const paymentById = preparedQuery('payment_by_id', (db) => db.select().from(payments).where(eq(payments.id, sql.placeholder('id'))));
const lockedPaymentById = preparedQuery('payment_by_id_locked', (db) => forUpdate(db.select().from(payments).where(eq(payments.id, sql.placeholder('id')))));

export async function getPaymentById(db: Db, id: string, { lock = false } = {}): Promise<Payment> {
  const [payment] = await (lock ? lockedPaymentById : paymentById)(db, { id });
  if (!payment) throw notFound('payment', id);
  return payment;
}

const insertPaymentEvent = preparedQuery('insert_payment_event', (db) => db.insert(paymentEvents).values(placeholders(['paymentId', 'type', 'message', 'data', 'createdAt'])));

export async function addPaymentEvent(
  tx: Db,
  paymentId: string,
  type: string,
  message: string,
  data: Record<string, unknown> = {},
  now = Date.now(),
): Promise<void> {
  await insertPaymentEvent(tx, { paymentId, type, message, data, createdAt: now });
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
