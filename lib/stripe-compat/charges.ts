import { and, eq, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { paymentIntentAttempts, payments } from '@/db/schema';
import { notFound } from '@/lib/errors';
import type { Payment } from '@/lib/payments/payment-store';
import { paymentIdOfCharge, paymentIdOfIntent, suffixOf } from './ids';
import { cursorPage, cursorQuery } from './list';
import { chargeLinksOf } from './payment-intent-store';
import type { ListChargesParams } from './schemas';
import { serializeCharge } from './serialize';

/** The payment behind a `ch_` id, or Stripe's 404 (another merchant's too). */
export async function getChargePaymentOrThrow(db: Db, merchantId: string, chargeId: string, param = 'id'): Promise<Payment> {
  const paymentId = paymentIdOfCharge(chargeId);
  const [payment] = paymentId ? await db.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.merchantId, merchantId))) : [];
  if (!payment) throw notFound('charge', chargeId, param);
  return payment;
}

/** The payments a PaymentIntent's confirmations made: its attempts, or (made natively) itself. */
export function paymentsOfIntent(paymentIntentId: string): SQL {
  return or(eq(paymentIntentAttempts.paymentIntentId, paymentIntentId), and(isNull(paymentIntentAttempts.paymentId), eq(payments.id, paymentIdOfIntent(paymentIntentId) ?? '')))!;
}

/** Charges in Stripe's shape, each with its PaymentIntent and payment method. */
export async function serializeCharges(db: Db, list: readonly Payment[]) {
  const links = await chargeLinksOf(db, list.map((p) => p.id));
  return list.map((payment) => {
    const link = links.get(payment.id)!;
    return serializeCharge(payment, link.paymentIntentId, link.paymentMethod);
  });
}

/** Charges (every Tillpoint payment is one), newest first, by PaymentIntent or customer. */
export async function listCharges(db: Db, merchantId: string, params: ListChargesParams): Promise<{ data: Payment[]; hasMore: boolean }> {
  const query = cursorQuery(payments.id, params, (id) => `pay_${suffixOf(id)}`);
  const rows = await db
    .select({ payment: payments })
    .from(payments)
    .leftJoin(paymentIntentAttempts, eq(paymentIntentAttempts.paymentId, payments.id))
    .where(
      and(
        eq(payments.merchantId, merchantId),
        params.customer ? eq(payments.customerId, params.customer) : undefined,
        params.payment_intent ? paymentsOfIntent(params.payment_intent) : undefined,
        query.where,
      ),
    )
    .orderBy(query.orderBy)
    .limit(query.limit);
  return cursorPage(rows.map((row) => row.payment), params, query.backwards);
}
