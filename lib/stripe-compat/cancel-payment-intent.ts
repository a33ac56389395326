import { and, eq, isNull } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { paymentIntents } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { cancelPayment } from '@/lib/payments/cancel-payment';
import { assertPaymentIntentStatus } from './payment-intent-status';
import { getPaymentIntentOrThrow, type PaymentIntentView } from './payment-intent-store';
import { serializePaymentIntent } from './serialize-payment-intent';
import { emitEvent } from '@/lib/events/events';

type CancelInput = { merchantId: string; id: string; reason?: string; actor: string; now?: number };

/**
 * Cancels a PaymentIntent before it has taken money: an authorization (or a payment held for
 * review) is cancelled through `cancelPayment`; one not confirmed yet, or declined, only here
 * (with Stripe's `payment_intent.canceled`, which no native event stands for).
 */
export async function cancelPaymentIntent(db: Db, { merchantId, id, reason, actor, now = Date.now() }: CancelInput): Promise<PaymentIntentView> {
  const view = await getPaymentIntentOrThrow(db, merchantId, id);
  const status = assertPaymentIntentStatus(view, ['requires_payment_method', 'requires_confirmation', 'requires_capture', 'processing'], 'cancel');
  const live = view.payment && view.payment.status !== 'failed' ? view.payment : null;
  if (status === 'processing' && live?.status !== 'pending') {
    throw new DomainError('payment_state_invalid', `You cannot cancel PaymentIntent ${id} while the processor is working on it; retry once it has settled.`);
  }
  if (!live && !view.intent) throw new DomainError('payment_state_invalid', `Payment ${view.payment!.id} failed; there is nothing to cancel.`);
  const payment = live ? await cancelPayment(db, { merchantId, paymentId: live.id, reason, actor, now }) : view.payment;
  if (!view.intent) return { intent: null, payment };
  const intent = await transaction(db, async (tx) => {
    const [row] = await tx
      .update(paymentIntents)
      .set({ canceledAt: now, cancellationReason: reason ?? null, updatedAt: now })
      .where(and(eq(paymentIntents.id, view.intent!.id), isNull(paymentIntents.canceledAt)))
      .returning();
    // Two cancellations racing: the one that lost answers as a cancel of a canceled one does.
    if (!row) throw new DomainError('payment_state_invalid', `You cannot cancel PaymentIntent ${id}: its status is canceled.`);
    // A cancelled payment said `payment.cancelled` (Stripe's payment_intent.canceled) itself.
    if (!live) await emitEvent(tx, merchantId, 'payment_intent.canceled', serializePaymentIntent({ intent: row, payment }), now);
    return row;
  });
  return { intent, payment };
}
