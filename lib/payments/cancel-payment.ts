import { recordIdempotentResource } from '@/lib/idempotency/keys';
import { transaction, type Db } from '@/db/client';
import { closeReviewOfCancelledPayment } from '@/lib/risk/reviews';
import { applyChargeOutcome } from './apply-outcome';
import { getPaymentOrThrow, type Payment } from './payment-store';
import { processorFor } from './processor-registry';
import { assertActionAllowed } from './state-machine';
import { transitionPayment } from './transition-payment';

/**
 * Cancels a payment before capture: one held for review is simply cancelled; an authorized
 * one has its authorization released at the processor first.
 */
export type CancelPaymentCommand = {
  merchantId: string;
  paymentId: string;
  reason?: string;
  /** Who asked: a user's email or an API key's name, kept on the review it closes. */
  actor: string;
  now?: number;
};

export async function cancelPayment(
  db: Db,
  { merchantId, paymentId: id, reason = 'requested_by_customer', actor, now = Date.now() }: CancelPaymentCommand,
): Promise<Payment> {
  const payment = await transaction(db, async (tx) => {
    const payment = await getPaymentOrThrow(tx, merchantId, id);
    assertActionAllowed('cancel', payment.status);
    const held = payment.status === 'pending';
    const updated = await transitionPayment(tx, payment, held
      ? { to: 'cancelled', changes: { sealedDetails: null }, timeline: { type: 'payment.cancelled', message: `Cancelled: ${reason}`, data: { reason } }, events: ['payment.cancelled'] }
      : { to: 'processing', timeline: { type: 'payment.cancel_requested', message: `Cancellation requested: ${reason}`, data: { reason } } },
    now);
    await recordIdempotentResource(tx, { type: 'payment', id });
    // Cancelling a held payment settles its review too.
    if (held) await closeReviewOfCancelledPayment(tx, { paymentId: id, reason, actor }, now);
    return updated;
  });
  if (payment.status === 'cancelled') return payment;
  const outcome = await processorFor(db, payment.method).cancel(id);
  return transaction(db, (tx) => applyChargeOutcome(tx, id, outcome, now));
}
