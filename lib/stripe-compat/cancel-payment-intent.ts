import { eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { paymentIntents } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { cancelPayment } from '@/lib/payments/cancel-payment';
import { assertPaymentIntentStatus } from './payment-intent-status';
import { getPaymentIntentOrThrow, type PaymentIntentView } from './payment-intent-store';

type CancelInput = { merchantId: string; id: string; reason?: string; actor: string; now?: number };

/**
 * Cancels a PaymentIntent before it has taken money: an authorization (or a payment held for
 * review) is cancelled through `cancelPayment`; one not confirmed yet, or declined, only here.
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
  const [intent] = await transaction(db, (tx) =>
    tx.update(paymentIntents).set({ canceledAt: now, cancellationReason: reason ?? null, updatedAt: now }).where(eq(paymentIntents.id, view.intent!.id)).returning(),
  );
  return { intent, payment };
}
