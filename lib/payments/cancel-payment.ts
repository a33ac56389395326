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
export async function cancelPayment(
  db: Db,
  merchantId: string,
  id: string,
  body: { reason?: string },
  actor: string,
  now = Date.now(),
): Promise<Payment> {
  const reason = body.reason ?? 'requested_by_customer';
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
  return transaction(db, (tx) => applyChargeOutcome(tx, id, outcome, now), { isolation: 'read committed' });
}
