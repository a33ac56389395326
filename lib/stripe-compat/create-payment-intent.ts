import { randomBytes } from 'node:crypto';
import { transaction, type Db } from '@/db/client';
import { paymentIntents } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { formatAmount, normalizeCurrency, parseAmount } from '@/lib/money/money';
import { paymentIntentIdOf } from './ids';
import type { PaymentIntentView } from './payment-intent-store';
import type { CreatePaymentIntentParams } from './schemas';
import { getCustomerOrThrow } from '@/lib/customers/get-customer';
import { resolvePaymentMethod } from './payment-methods';
import { serializePaymentIntent } from './serialize-payment-intent';
import { emitEvent } from '@/lib/events/events';
import { recordIdempotentResource } from '@/lib/idempotency/keys';

/** An amount in minor units within Tillpoint's per-payment maximum for the currency. */
export function checkedAmount(amount: number, currency: string, param = 'amount'): number {
  return parseAmount(formatAmount(amount, currency), currency, param);
}

/**
 * Records a PaymentIntent (no money moves until it is confirmed: lib/stripe-compat/
 * confirm-payment-intent.ts). Its id is a fresh payment id under Stripe's prefix, so the
 * payment its first confirmation creates has the same suffix. The payment method, if given,
 * must be one Tillpoint can charge, checked now as Stripe does. Stripe's
 * `payment_intent.created` is recorded with it (its confirmation's `payment.created` is no
 * second one: lib/events/stripe-event-types.ts).
 */
export async function createPaymentIntent(
  db: Db,
  { merchantId, params, now = Date.now() }: { merchantId: string; params: CreatePaymentIntentParams; now?: number },
): Promise<PaymentIntentView> {
  const currency = normalizeCurrency(params.currency);
  const amount = checkedAmount(params.amount, currency);
  if (params.customer !== undefined) await getCustomerOrThrow(db, merchantId, params.customer, 'customer');
  if (params.payment_method !== undefined) await resolvePaymentMethod(db, merchantId, params.payment_method, params.customer ?? null);
  else if (params.confirm) throw new DomainError('parameter_missing', 'confirm=true needs a payment_method.', { param: 'payment_method' });
  if (params.automatic_payment_methods?.enabled && params.payment_method_types) {
    throw new DomainError('parameter_invalid', 'Pass payment_method_types or automatic_payment_methods, not both.', { param: 'automatic_payment_methods' });
  }
  const id = paymentIntentIdOf(newId('pay', now));
  const intent = await transaction(db, async (tx) => {
    const [row] = await tx
      .insert(paymentIntents)
      .values({
        id,
        merchantId,
        amount,
        currency,
        captureMethod: params.capture_method ?? 'automatic',
        paymentMethod: params.payment_method ?? null,
        paymentMethodTypes: params.payment_method_types ?? ['card'],
        customerId: params.customer ?? null,
        description: params.description ?? null,
        metadata: params.metadata ?? {},
        clientSecret: `${id}_secret_${randomBytes(18).toString('base64url')}`,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await emitEvent(tx, merchantId, 'payment_intent.created', serializePaymentIntent({ intent: row, payment: null }), now);
    // A keyed retry after a crash finds this PaymentIntent instead of making a second one.
    await recordIdempotentResource(tx, { type: 'payment_intent', id });
    return row;
  });
  return { intent, payment: null };
}
