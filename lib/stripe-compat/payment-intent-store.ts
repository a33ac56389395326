import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { paymentIntentAttempts, paymentIntents, payments } from '@/db/schema';
import { notFound } from '@/lib/errors';
import type { Payment } from '@/lib/payments/payment-store';
import { paymentIdOfIntent, paymentIntentIdOf } from './ids';

export type PaymentIntentRow = typeof paymentIntents.$inferSelect;

/**
 * What a PaymentIntent is made of: its row (made through /v1; null for a payment made through
 * the native API) and its latest Tillpoint payment (null before the first confirmation).
 */
export type PaymentIntentView = { intent: PaymentIntentRow | null; payment: Payment | null };

export const paymentIntentIdOfView = (view: PaymentIntentView) => view.intent?.id ?? paymentIntentIdOf(view.payment!.id);

async function paymentOf(db: Db, merchantId: string, id: string | null): Promise<Payment | null> {
  if (id === null) return null;
  const [payment] = await db.select().from(payments).where(and(eq(payments.id, id), eq(payments.merchantId, merchantId)));
  return payment ?? null;
}

/** One PaymentIntent of this merchant by its `pi_` id, or 404 (another merchant's too). */
export async function getPaymentIntentOrThrow(db: Db, merchantId: string, id: string): Promise<PaymentIntentView> {
  const [intent] = await db.select().from(paymentIntents).where(and(eq(paymentIntents.id, id), eq(paymentIntents.merchantId, merchantId)));
  if (intent) return { intent, payment: await paymentOf(db, merchantId, intent.paymentId) };
  // A native payment is a PaymentIntent under its own suffix, unless it is a retry of another one.
  const paymentId = paymentIdOfIntent(id);
  const payment = paymentId === null ? null : await paymentOf(db, merchantId, paymentId);
  if (payment && !(await attemptOf(db, payment.id))) return { intent: null, payment };
  throw notFound('payment_intent', id);
}

async function attemptOf(db: Db, paymentId: string) {
  const [attempt] = await db.select().from(paymentIntentAttempts).where(eq(paymentIntentAttempts.paymentId, paymentId));
  return attempt ?? null;
}

/** The PaymentIntent a payment belongs to: its attempt's, or (made natively) its own. */
export async function paymentIntentOfPayment(db: Db, payment: Payment): Promise<PaymentIntentView> {
  const attempt = await attemptOf(db, payment.id);
  if (!attempt) return { intent: null, payment };
  const [intent] = await db.select().from(paymentIntents).where(eq(paymentIntents.id, attempt.paymentIntentId));
  const latest = intent.paymentId === payment.id ? payment : await paymentOf(db, payment.merchantId, intent.paymentId);
  return { intent, payment: latest };
}

export type ChargeLink = { paymentIntentId: string; paymentMethod: string | null };

/** Each payment's PaymentIntent and payment method, as its Charge shows them, in one query. */
export async function chargeLinksOf(db: Db, paymentIds: readonly string[]): Promise<Map<string, ChargeLink>> {
  const links = new Map<string, ChargeLink>(paymentIds.map((id) => [id, { paymentIntentId: paymentIntentIdOf(id), paymentMethod: null }]));
  if (paymentIds.length === 0) return links;
  const rows = await db.select().from(paymentIntentAttempts).where(inArray(paymentIntentAttempts.paymentId, [...paymentIds]));
  for (const row of rows) links.set(row.paymentId, { paymentIntentId: row.paymentIntentId, paymentMethod: row.paymentMethod });
  return links;
}
