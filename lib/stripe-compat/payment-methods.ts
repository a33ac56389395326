import type { Db } from '@/db/client';
import type { SavedCard } from '@/db/schema';
import { attachPaymentMethod, findSavedPaymentMethod } from '@/lib/customers/payment-methods';
import { DomainError, notFound } from '@/lib/errors';
import { cardCountry, cardFingerprint, validateCard, type CardDetails } from '@/lib/payments/processors/card';
import { serializePaymentMethod } from './serialize-customer';
import { testPaymentMethodIds, testPaymentMethodOrThrow, type TestPaymentMethod } from './test-payment-methods';

const isTestPaymentMethodId = (id: string) => (testPaymentMethodIds as readonly string[]).includes(id);

/** What is shown of a test payment method's card (never its number). */
function cardOf(test: TestPaymentMethod): SavedCard {
  const card = validateCard(test.details as CardDetails, new Date());
  return {
    brand: card.brand,
    last4: card.last4,
    exp_month: card.expMonth,
    exp_year: card.expYear,
    funding: test.method === 'debit_card' ? 'debit' : 'credit',
    country: cardCountry(card.number),
    fingerprint: cardFingerprint(card.number),
  };
}

/** A PaymentMethod by id: one of the fixed test ones (it belongs to no customer), or a saved one. */
export async function getStripePaymentMethodOrThrow(db: Db, merchantId: string, id: string) {
  if (isTestPaymentMethodId(id)) {
    return serializePaymentMethod({ id, customerId: null, card: cardOf(testPaymentMethodOrThrow(id)), metadata: {}, createdAt: Date.now() });
  }
  const saved = await findSavedPaymentMethod(db, merchantId, id);
  if (!saved) throw notFound('PaymentMethod', id);
  return serializePaymentMethod(saved);
}

/** Attaches a payment method: a test one is saved as a new `pm_...` of the customer's, as at Stripe. */
export async function attachStripePaymentMethod(db: Db, merchantId: string, id: string, customerId: string) {
  const template = isTestPaymentMethodId(id) ? { card: cardOf(testPaymentMethodOrThrow(id)) } : null;
  return serializePaymentMethod(await attachPaymentMethod(db, { merchantId, customerId, paymentMethodId: id, template }));
}

/**
 * The test payment method a PaymentIntent pays with: a fixed one by its id, or the one a saved
 * payment method was made from. A saved one pays only for the customer it is attached to, as
 * at Stripe.
 */
export async function resolvePaymentMethod(db: Db, merchantId: string, id: string, customerId: string | null, param = 'payment_method'): Promise<TestPaymentMethod> {
  if (isTestPaymentMethodId(id)) return testPaymentMethodOrThrow(id, param);
  const saved = await findSavedPaymentMethod(db, merchantId, id);
  if (!saved) return testPaymentMethodOrThrow(id, param);
  if (saved.customerId === null) {
    throw new DomainError('payment_method_unexpected_state', `PaymentMethod ${id} was detached from its customer and may not be used again.`, { param });
  }
  if (saved.customerId !== customerId) {
    throw new DomainError('parameter_invalid', `PaymentMethod ${id} belongs to customer ${saved.customerId}: pass customer=${saved.customerId} to pay with it.`, { param });
  }
  return testPaymentMethodOrThrow(saved.template, param);
}
