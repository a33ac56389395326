import { and, eq } from 'drizzle-orm';
import { recordIdempotentResource } from '@/lib/idempotency/keys';
import { transaction, type Db } from '@/db/client';
import { refunds } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { formatAmount, parseAmount } from '@/lib/money/money';
import { applyRefundOutcome } from './apply-outcome';
import { refundableAmount } from './payment-actions';
import { addPaymentEvent, getPaymentOrThrow, refundsOf, type Refund } from './payment-store';
import { processorFor } from './processor-registry';
import { serializeRefund } from './serialize';
import { assertActionAllowed } from './state-machine';
import { emitEvent } from '@/lib/events/events';
import { log } from '@/lib/log';

/**
 * Refunds all that remains of a successful payment, or a part of it. The refund reserves its
 * amount in the first transaction (as a `pending` refund), so concurrent refunds can never
 * add up to more than was captured.
 */
export type RefundPaymentCommand = {
  merchantId: string;
  paymentId: string;
  /** Decimal string in the payment's currency; all that remains when omitted. */
  amount?: string;
  reason?: string;
  now?: number;
};

export async function refundPayment(
  db: Db,
  { merchantId, paymentId, amount: requested, reason, now = Date.now() }: RefundPaymentCommand,
): Promise<Refund> {
  const refund = await transaction(db, async (tx) => {
    const payment = await getPaymentOrThrow(tx, merchantId, paymentId);
    assertActionAllowed('refund', payment.status);
    const remaining = refundableAmount(payment, await refundsOf(tx, paymentId));
    const amount = requested === undefined ? remaining : parseAmount(requested, payment.currency);
    if (amount > remaining || remaining === 0) {
      const left = formatAmount(remaining, payment.currency);
      throw new DomainError(
        'refund_exceeds_remaining',
        `Refund exceeds what remains of this payment: ${left} ${payment.currency} can still be refunded.`,
        { param: 'amount' },
      );
    }
    const [created] = await tx
      .insert(refunds)
      .values({
        id: newId('re', now),
        merchantId,
        paymentId,
        amount,
        currency: payment.currency,
        status: 'pending',
        reason: reason ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordIdempotentResource(tx, { type: 'refund', id: created.id });
    const shown = formatAmount(amount, payment.currency);
    await addPaymentEvent(tx, paymentId, 'refund.created', `Refund of ${shown} ${payment.currency} requested`, { refund: created.id, amount: shown, reason: reason ?? null }, now);
    await emitEvent(tx, merchantId, 'refund.created', serializeRefund(created), now);
    return { ...created, method: payment.method };
  });

  const { method, ...pending } = refund;
  let outcome;
  try {
    outcome = await processorFor(db, method).refund({ paymentId, refundId: pending.id, amount: pending.amount });
  } catch (error) {
    // Unknown at the processor: the worker retries it (refunds are idempotent per refund id).
    log.error({ refund_id: pending.id, err: error }, 'processor refund failed');
    return pending;
  }
  return transaction(db, (tx) => applyRefundOutcome(tx, pending.id, outcome, now));
}

export async function getRefundOrThrow(db: Db, merchantId: string, id: string): Promise<Refund> {
  const [refund] = await db
    .select()
    .from(refunds)
    .where(and(eq(refunds.id, id), eq(refunds.merchantId, merchantId)));
  if (!refund) throw notFound('refund', id);
  return refund;
}
