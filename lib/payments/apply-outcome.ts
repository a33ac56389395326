import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { refunds } from '@/db/schema';
import { formatAmount } from '@/lib/money/money';
import { recordCharge, recordRefund } from '@/lib/settlement/balance-transactions';
import { addPaymentEvent, getPaymentById } from './payment-store';
import type { ChargeOutcome, RefundOutcome } from './processors/types';
import { serializeRefund } from './serialize';
import { addRefundedAmount, transitionPayment } from './transition-payment';
import { emitEvent } from '@/lib/events/events';

/**
 * Records what the processor said about a charge that was in flight (`processing`). Runs in
 * the caller's transaction. A payment that is no longer `processing` was already settled by
 * someone else (the request or the worker), so applying again changes nothing.
 */
export async function applyChargeOutcome(tx: Db, paymentId: string, outcome: ChargeOutcome, now = Date.now()) {
  const payment = await getPaymentById(tx, paymentId);
  if (payment.status !== 'processing') return payment;
  switch (outcome.status) {
    case 'processing':
      return payment;
    case 'succeeded': {
      const captured = formatAmount(outcome.capturedAmount, payment.currency);
      const { fee } = await recordCharge(tx, payment, outcome.capturedAmount, now);
      return transitionPayment(tx, payment, {
        to: 'success',
        changes: { amountCaptured: outcome.capturedAmount, processorReference: outcome.reference, fee },
        timeline: { type: 'payment.captured', message: `Captured ${captured} ${payment.currency}`, data: { amount: captured } },
        events: payment.captureOnConfirm ? ['payment.succeeded'] : ['payment.captured', 'payment.succeeded'],
      }, now);
    }
    case 'requires_capture':
      return transitionPayment(tx, payment, {
        to: 'requires_capture',
        changes: { processorReference: outcome.reference },
        timeline: { type: 'payment.authorized', message: 'Authorized; waiting for capture' },
        events: ['payment.authorized'],
      }, now);
    case 'voided':
      return transitionPayment(tx, payment, {
        to: 'cancelled',
        timeline: { type: 'payment.cancelled', message: 'Authorization released; payment cancelled' },
        events: ['payment.cancelled'],
      }, now);
    case 'failed':
    case 'not_found': {
      const failureCode = outcome.status === 'failed' ? outcome.failureCode : 'processing_error';
      const failureMessage =
        outcome.status === 'failed' ? outcome.failureMessage : 'The payment never reached the processor.';
      return transitionPayment(tx, payment, {
        to: 'failed',
        changes: { failureCode, failureMessage },
        timeline: { type: 'payment.failed', message: failureMessage, data: { failure_code: failureCode } },
        events: ['payment.failed'],
      }, now);
    }
  }
}

/** Records the processor's answer to a pending refund; a settled refund is left as it is. */
export async function applyRefundOutcome(tx: Db, refundId: string, outcome: RefundOutcome, now = Date.now()) {
  const [refund] = await tx.select().from(refunds).where(eq(refunds.id, refundId));
  if (!refund || refund.status !== 'pending') return refund;
  const amount = formatAmount(refund.amount, refund.currency);
  if (outcome.status === 'failed') {
    const [failed] = await tx
      .update(refunds)
      .set({ status: 'failed', failureCode: outcome.failureCode, updatedAt: now })
      .where(eq(refunds.id, refundId))
      .returning();
    await addPaymentEvent(tx, refund.paymentId, 'refund.failed', `Refund of ${amount} ${refund.currency} failed: ${outcome.failureMessage}`, { refund: refund.id, failure_code: outcome.failureCode }, now);
    await emitEvent(tx, refund.merchantId, 'refund.failed', serializeRefund(failed), now);
    return failed;
  }
  const [succeeded] = await tx
    .update(refunds)
    .set({ status: 'succeeded', processorReference: outcome.reference, updatedAt: now })
    .where(eq(refunds.id, refundId))
    .returning();
  const { feeReturned } = await recordRefund(tx, succeeded, now);
  await addRefundedAmount(tx, refund.paymentId, refund.amount, feeReturned, now);
  await addPaymentEvent(tx, refund.paymentId, 'refund.succeeded', `Refunded ${amount} ${refund.currency}`, { refund: refund.id, amount }, now);
  await emitEvent(tx, refund.merchantId, 'refund.succeeded', serializeRefund(succeeded), now);
  return succeeded;
}
