import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { payments, refunds } from '@/db/schema';
import { formatAmount } from '@/lib/money/money';
import { recordCharge, recordRefund } from '@/lib/settlement/balance-transactions';
import { addPaymentEvent, getPaymentById, type Payment } from './payment-store';
import type { ChargeOutcome, RefundOutcome } from './processors/types';
import { serializePayment, serializeRefund } from './serialize';
import { canTransition } from './state-machine';
import { emitEvent } from '@/lib/webhooks/events';

async function setStatus(tx: Db, payment: Payment, changes: Partial<Payment>, now: number): Promise<Payment> {
  if (changes.status && !canTransition(payment.status, changes.status)) {
    throw new Error(`Illegal payment transition ${payment.status} → ${changes.status} for ${payment.id}`);
  }
  const [updated] = await tx
    .update(payments)
    .set({ ...changes, updatedAt: now })
    .where(eq(payments.id, payment.id))
    .returning();
  return updated;
}

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
      const updated = await setStatus(
        tx,
        payment,
        { status: 'success', amountCaptured: outcome.capturedAmount, processorReference: outcome.reference },
        now,
      );
      await recordCharge(tx, updated, outcome.capturedAmount, now);
      const captured = formatAmount(outcome.capturedAmount, payment.currency);
      await addPaymentEvent(tx, payment.id, 'payment.captured', `Captured ${captured} ${payment.currency}`, { amount: captured }, now);
      // Captured just now, so no refund exists yet: the events carry no refunds.
      if (!payment.captureOnConfirm) await emitEvent(tx, payment.merchantId, 'payment.captured', serializePayment(updated, []), now);
      await emitEvent(tx, payment.merchantId, 'payment.succeeded', serializePayment(updated, []), now);
      return updated;
    }
    case 'requires_capture': {
      const updated = await setStatus(tx, payment, { status: 'requires_capture', processorReference: outcome.reference }, now);
      await addPaymentEvent(tx, payment.id, 'payment.authorized', 'Authorized; waiting for capture', {}, now);
      await emitEvent(tx, payment.merchantId, 'payment.authorized', serializePayment(updated, []), now);
      return updated;
    }
    case 'voided': {
      const updated = await setStatus(tx, payment, { status: 'cancelled' }, now);
      await addPaymentEvent(tx, payment.id, 'payment.cancelled', 'Authorization released; payment cancelled', {}, now);
      await emitEvent(tx, payment.merchantId, 'payment.cancelled', serializePayment(updated, []), now);
      return updated;
    }
    case 'failed':
    case 'not_found': {
      const failureCode = outcome.status === 'failed' ? outcome.failureCode : 'processing_error';
      const failureMessage =
        outcome.status === 'failed' ? outcome.failureMessage : 'The payment never reached the processor.';
      const updated = await setStatus(tx, payment, { status: 'failed', failureCode, failureMessage }, now);
      await addPaymentEvent(tx, payment.id, 'payment.failed', failureMessage, { failure_code: failureCode }, now);
      await emitEvent(tx, payment.merchantId, 'payment.failed', serializePayment(updated, []), now);
      return updated;
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
  await recordRefund(tx, succeeded, now);
  await addPaymentEvent(tx, refund.paymentId, 'refund.succeeded', `Refunded ${amount} ${refund.currency}`, { refund: refund.id, amount }, now);
  await emitEvent(tx, refund.merchantId, 'refund.succeeded', serializeRefund(succeeded), now);
  return succeeded;
}
