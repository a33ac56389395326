import { eq } from 'drizzle-orm';
import { recordIdempotentResource } from '@/lib/idempotency/keys';
import { transaction, type Db } from '@/db/client';
import { payments, reviews } from '@/db/schema';
import { applyChargeOutcome } from './apply-outcome';
import { addPaymentEvent, getPaymentOrThrow, type Payment } from './payment-store';
import { processorFor } from './processor-registry';
import { serializePayment } from './serialize';
import { assertActionAllowed } from './state-machine';
import { emitEvent } from '@/lib/webhooks/events';

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
    const status = payment.status === 'pending' ? 'cancelled' : 'processing';
    const [updated] = await tx
      .update(payments)
      .set({ status, sealedDetails: null, updatedAt: now })
      .where(eq(payments.id, id))
      .returning();
    await recordIdempotentResource(tx, { type: 'payment', id });
    if (payment.status === 'pending') {
      // Cancelling a held payment settles its review too.
      await tx
        .update(reviews)
        .set({ status: 'rejected', reason: `Payment cancelled: ${reason}`, decidedBy: actor, decidedAt: now })
        .where(eq(reviews.paymentId, id));
    }
    const message = status === 'cancelled' ? `Cancelled: ${reason}` : `Cancellation requested: ${reason}`;
    await addPaymentEvent(tx, id, status === 'cancelled' ? 'payment.cancelled' : 'payment.cancel_requested', message, { reason }, now);
    if (status === 'cancelled') await emitEvent(tx, merchantId, 'payment.cancelled', serializePayment(updated, []), now);
    return updated;
  });
  if (payment.status === 'cancelled') return payment;
  const outcome = await processorFor(db, payment.method).cancel(id);
  return transaction(db, (tx) => applyChargeOutcome(tx, id, outcome, now));
}
