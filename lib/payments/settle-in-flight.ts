import { and, eq, inArray, lt, or } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { payments, refunds } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { applyChargeOutcome, applyRefundOutcome } from './apply-outcome';
import { getPaymentById, getPaymentOrThrow, type Payment, type Refund } from './payment-store';
import type { PaymentMethod } from '@/db/schema';
import { processorFor } from './processor-registry';
import { settleSimulatedChargeNow } from './processors';

// Methods whose outcome always arrives later; the worker asks about them on every pass.
const ASYNC_METHODS = ['bank_transfer', 'crypto'] as const;
// A synchronous call still in flight is left alone this long before the worker steps in.
export const IN_FLIGHT_GRACE_MS = 30_000;
const BATCH = 100;

async function settlePayment(db: Db, payment: Payment, options: { graceFor: 'in_flight_calls' | 'none'; now: number }) {
  const outcome = await processorFor(db, payment.method).verify(payment.id);
  // A charge the processor has never seen may still be on its way there: wait out the grace.
  const mayBeInFlight = payment.updatedAt > options.now - IN_FLIGHT_GRACE_MS;
  if (outcome.status === 'not_found' && options.graceFor === 'in_flight_calls' && mayBeInFlight) return payment;
  return transaction(db, (tx) => applyChargeOutcome(tx, payment.id, outcome, options.now), { isolation: 'read committed' });
}

/**
 * Brings a payment whose request died back in line with the processor. No grace: the request
 * that was calling the processor is gone, so a charge the processor never saw never will be.
 */
export async function settleAbandonedPayment(db: Db, paymentId: string, now = Date.now()): Promise<Payment> {
  const payment = await getPaymentById(db, paymentId);
  return payment.status === 'processing' ? settlePayment(db, payment, { graceFor: 'none', now }) : payment;
}

/** Sends a pending refund to the processor again (idempotent per refund id) and records the answer. */
export async function settlePendingRefund(db: Db, refund: Refund, method: PaymentMethod, now = Date.now()): Promise<Refund> {
  if (refund.status !== 'pending') return refund;
  const outcome = await processorFor(db, method).refund({ paymentId: refund.paymentId, refundId: refund.id, amount: refund.amount });
  return transaction(db, (tx) => applyRefundOutcome(tx, refund.id, outcome, now), { isolation: 'read committed' });
}

/**
 * One worker pass: asks the processor about payments still `processing` (async methods, and
 * requests that died mid-call) and re-sends refunds left `pending`. Every step is idempotent.
 */
export async function settleInFlight(db: Db, now = Date.now()): Promise<{ payments: number; refunds: number }> {
  const stale = now - IN_FLIGHT_GRACE_MS;
  const inFlight = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.status, 'processing'),
        or(inArray(payments.method, [...ASYNC_METHODS]), lt(payments.updatedAt, stale)),
      ),
    )
    .limit(BATCH);
  let settledPayments = 0;
  for (const payment of inFlight) {
    const after = await settlePayment(db, payment, { graceFor: 'in_flight_calls', now });
    if (after.status !== 'processing') settledPayments++;
  }

  const pendingRefunds = await db
    .select({ refund: refunds, method: payments.method })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(and(eq(refunds.status, 'pending'), lt(refunds.updatedAt, stale)))
    .limit(BATCH);
  for (const { refund, method } of pendingRefunds) await settlePendingRefund(db, refund, method, now);
  return { payments: settledPayments, refunds: pendingRefunds.length };
}

/** Test mode: make a processing bank transfer or crypto payment reach its outcome now. */
export async function advancePayment(db: Db, merchantId: string, id: string, now = Date.now()): Promise<Payment> {
  const payment = await getPaymentOrThrow(db, merchantId, id);
  if (payment.status !== 'processing') {
    throw new DomainError('payment_state_invalid', `This payment is ${payment.status}; only processing payments can be advanced.`);
  }
  await settleSimulatedChargeNow(db, id, now);
  return settlePayment(db, payment, { graceFor: 'none', now });
}
