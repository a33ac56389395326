import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { paymentIntentAttempts, payments, refunds } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { formatAmount } from '@/lib/money/money';
import type { Refund } from '@/lib/payments/payment-store';
import { refundPayment } from '@/lib/payments/refund-payment';
import { getChargePaymentOrThrow, paymentsOfIntent } from './charges';
import { suffixOf } from './ids';
import { cursorPage, cursorQuery } from './list';
import { chargeLinksOf, getPaymentIntentOrThrow } from './payment-intent-store';
import type { CreateRefundParams, ListRefundsParams } from './schemas';
import { serializeStripeRefund } from './serialize';

/**
 * Refunds a charge, named by itself or by its PaymentIntent (then its latest payment), through
 * `refundPayment`: all that remains, or `amount` (minor units). Over-refunding is its 400.
 */
export async function createStripeRefund(db: Db, { merchantId, params, now = Date.now() }: { merchantId: string; params: CreateRefundParams; now?: number }): Promise<Refund> {
  if ((params.charge === undefined) === (params.payment_intent === undefined)) {
    throw new DomainError('parameter_missing', 'Pass one of charge or payment_intent.', { param: params.charge === undefined ? 'payment_intent' : 'charge' });
  }
  const payment = params.charge
    ? await getChargePaymentOrThrow(db, merchantId, params.charge, 'charge')
    : (await getPaymentIntentOrThrow(db, merchantId, params.payment_intent!)).payment;
  if (!payment) throw new DomainError('payment_state_invalid', `PaymentIntent ${params.payment_intent} has no successful charge to refund.`, { param: 'payment_intent' });
  const amount = params.amount === undefined ? undefined : formatAmount(params.amount, payment.currency);
  return refundPayment(db, { merchantId, paymentId: payment.id, amount, reason: params.reason, metadata: params.metadata, now });
}

/** Refunds in Stripe's shape, each with its charge's PaymentIntent. */
export async function serializeStripeRefunds(db: Db, list: readonly Refund[]) {
  const links = await chargeLinksOf(db, [...new Set(list.map((r) => r.paymentId))]);
  return list.map((refund) => serializeStripeRefund(refund, links.get(refund.paymentId)!.paymentIntentId));
}

/** Refunds, newest first, of one charge or one PaymentIntent's charges, or all. */
export async function listStripeRefunds(db: Db, merchantId: string, params: ListRefundsParams): Promise<{ data: Refund[]; hasMore: boolean }> {
  const query = cursorQuery(refunds.id, params, (id) => `re_${suffixOf(id)}`);
  const ofIntent = params.payment_intent
    ? db
        .select({ id: payments.id })
        .from(payments)
        .leftJoin(paymentIntentAttempts, eq(paymentIntentAttempts.paymentId, payments.id))
        .where(and(eq(payments.merchantId, merchantId), paymentsOfIntent(params.payment_intent)))
    : undefined;
  const rows = await db
    .select()
    .from(refunds)
    .where(
      and(
        eq(refunds.merchantId, merchantId),
        params.charge ? eq(refunds.paymentId, `pay_${suffixOf(params.charge)}`) : undefined,
        ofIntent ? inArray(refunds.paymentId, ofIntent) : undefined,
        query.where,
      ),
    )
    .orderBy(query.orderBy)
    .limit(query.limit);
  return cursorPage(rows, params, query.backwards);
}
