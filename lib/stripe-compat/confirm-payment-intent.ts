import { and, eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { paymentIntentAttempts, paymentIntents } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { formatAmount } from '@/lib/money/money';
import { createPayment } from '@/lib/payments/create-payment';
import { CardDeclinedError } from './card-declined';
import { chargeIdOf, suffixOf } from './ids';
import { assertPaymentIntentStatus } from './payment-intent-status';
import { getPaymentIntentOrThrow, type PaymentIntentRow, type PaymentIntentView } from './payment-intent-store';
import type { Payment } from '@/lib/payments/payment-store';
import { stripeDecline } from './serialize';
import { serializePaymentIntent } from './serialize-payment-intent';
import { resolvePaymentMethod } from './payment-methods';

type ConfirmInput = { merchantId: string; id: string; paymentMethod?: string; clientIp: string | null; now?: number };

/**
 * Confirms a PaymentIntent: the money moves through `createPayment`, as any Tillpoint payment's
 * does (risk, processor, ledger). Step 1 (one transaction) picks the payment id and links it to
 * the PaymentIntent *before* the payment exists: the first confirmation's payment takes the
 * PaymentIntent's suffix (`pi_X` → `pay_X`), a retry after a decline a new id. A confirmation
 * that died between that link and its payment is retried with the same id, so a PaymentIntent
 * never gets two live payments: two confirmations racing for one id cannot both insert it.
 * A decline raises Stripe's 402 (`confirmationAnswer`).
 */
export async function confirmPaymentIntent(db: Db, { merchantId, id, paymentMethod, clientIp, now = Date.now() }: ConfirmInput): Promise<PaymentIntentView> {
  const { intent, paymentId, card } = await transaction(db, async (tx) => {
    const view = await getPaymentIntentOrThrow(tx, merchantId, id);
    const intent = view.intent;
    if (!intent) throw new DomainError('payment_state_invalid', `PaymentIntent ${id} was made through Tillpoint's native API as a payment; create a new PaymentIntent to charge again.`);
    assertPaymentIntentStatus(view, ['requires_payment_method', 'requires_confirmation'], 'confirm');
    const method = paymentMethod ?? intent.paymentMethod;
    if (!method) {
      throw new DomainError('parameter_missing', 'You cannot confirm this PaymentIntent because it has no payment method: pass payment_method.', { param: 'payment_method' });
    }
    const card = await resolvePaymentMethod(tx, merchantId, method, intent.customerId);
    const interrupted = intent.paymentId !== null && view.payment === null;
    const paymentId = interrupted ? intent.paymentId! : intent.paymentId === null ? `pay_${suffixOf(intent.id)}` : newId('pay', now);
    await tx
      .insert(paymentIntentAttempts)
      .values({ paymentId, paymentIntentId: intent.id, merchantId, paymentMethod: method, createdAt: now })
      .onConflictDoUpdate({ target: paymentIntentAttempts.paymentId, set: { paymentMethod: method } });
    const [linked] = await tx.update(paymentIntents).set({ paymentMethod: method, paymentId, updatedAt: now }).where(eq(paymentIntents.id, intent.id)).returning();
    return { intent: linked, paymentId, card };
  });

  const payment = await createPayment(db, {
    merchantId,
    paymentId,
    clientIp,
    now,
    body: {
      amount: formatAmount(intent.amount, intent.currency),
      currency: intent.currency,
      method: card.method,
      customer_id: intent.customerId ?? undefined,
      description: intent.description ?? undefined,
      metadata: intent.metadata,
      capture: intent.captureMethod === 'automatic',
      payment_details: card.details,
    },
  });
  return confirmationAnswer(db, intent, payment, now);
}

/**
 * What a confirmation answers once its payment has settled: the PaymentIntent, or, declined,
 * Stripe's 402 with the PaymentIntent back in `requires_payment_method` (it waits for another
 * payment method). A keyed retry that resumes a confirmation whose first attempt died answers
 * through here too (./resume.ts), so both answers are the same.
 */
export async function confirmationAnswer(db: Db, intent: PaymentIntentRow, payment: Payment, now = Date.now()): Promise<PaymentIntentView> {
  if (payment.status !== 'failed') return { intent, payment };
  // Only while this payment is the PaymentIntent's latest: a later attempt has its own method.
  const [declined] = await transaction(db, (tx) =>
    tx
      .update(paymentIntents)
      .set({ paymentMethod: null, updatedAt: now })
      .where(and(eq(paymentIntents.id, intent.id), eq(paymentIntents.paymentId, payment.id)))
      .returning(),
  );
  const decline = stripeDecline(payment);
  throw new CardDeclinedError(decline.message, decline.code, decline.decline_code, chargeIdOf(payment.id), serializePaymentIntent({ intent: declined ?? intent, payment }));
}
