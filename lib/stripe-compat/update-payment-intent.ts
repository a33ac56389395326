import { eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { paymentIntents } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { normalizeCurrency } from '@/lib/money/money';
import { checkedAmount } from './create-payment-intent';
import { assertPaymentIntentStatus } from './payment-intent-status';
import { getPaymentIntentOrThrow, type PaymentIntentView } from './payment-intent-store';
import type { UpdatePaymentIntentParams } from './schemas';
import { getCustomerOrThrow } from '@/lib/customers/get-customer';
import { resolvePaymentMethod } from './payment-methods';

/** Stripe's metadata update: keys merge in, an empty value removes its key, `metadata=` clears all. */
function mergedMetadata(current: Record<string, string>, update: UpdatePaymentIntentParams['metadata']): Record<string, string> {
  if (update === undefined) return current;
  if (update === '') return {};
  const merged = { ...current, ...update };
  for (const [key, value] of Object.entries(update)) if (value === '') delete merged[key];
  return merged;
}

/**
 * Changes a PaymentIntent that has not been confirmed (or was declined). Once a Tillpoint payment
 * carries its amount, customer, description and metadata they are the payment's, which does not
 * change, so a confirmed PaymentIntent refuses updates rather than drift from its payment.
 */
export async function updatePaymentIntent(
  db: Db,
  { merchantId, id, params, now = Date.now() }: { merchantId: string; id: string; params: UpdatePaymentIntentParams; now?: number },
): Promise<PaymentIntentView> {
  return transaction(db, async (tx) => {
    const view = await getPaymentIntentOrThrow(tx, merchantId, id);
    assertPaymentIntentStatus(view, ['requires_payment_method', 'requires_confirmation'], 'update');
    const intent = view.intent;
    if (!intent) throw new DomainError('payment_state_invalid', `PaymentIntent ${id} was made through Tillpoint's native API and cannot be updated.`);
    const currency = params.currency === undefined ? intent.currency : normalizeCurrency(params.currency);
    if (params.customer !== undefined) await getCustomerOrThrow(tx, merchantId, params.customer, 'customer');
    const customerId = params.customer ?? intent.customerId;
    if (params.payment_method !== undefined) await resolvePaymentMethod(tx, merchantId, params.payment_method, customerId);
    const [updated] = await tx
      .update(paymentIntents)
      .set({
        amount: checkedAmount(params.amount ?? intent.amount, currency),
        currency,
        captureMethod: params.capture_method ?? intent.captureMethod,
        paymentMethod: params.payment_method ?? intent.paymentMethod,
        paymentMethodTypes: params.payment_method_types ?? intent.paymentMethodTypes,
        customerId,
        description: params.description ?? intent.description,
        metadata: mergedMetadata(intent.metadata, params.metadata),
        updatedAt: now,
      })
      .where(eq(paymentIntents.id, intent.id))
      .returning();
    return { intent: updated, payment: view.payment };
  });
}
