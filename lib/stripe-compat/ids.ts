/**
 * Stripe ids and Tillpoint ids are the same ids under another prefix, so an object made through
 * one API is found by its id through the other:
 *
 * | Stripe                  | Tillpoint                                                     |
 * |-------------------------|---------------------------------------------------------------|
 * | PaymentIntent `pi_X`    | payment `pay_X` (its first confirmation; a PaymentIntent made |
 * |                         | through /v1 exists before that, in `payment_intents`)         |
 * | Charge `ch_X`           | payment `pay_X` (every payment is one charge attempt)         |
 * | Refund `re_X`           | refund `re_X` (the same prefix)                               |
 *
 * The suffix is Tillpoint's time-ordered id body, so ordering by it orders by creation.
 */
export const suffixOf = (id: string): string => id.slice(id.indexOf('_') + 1);

export const paymentIntentIdOf = (paymentId: string) => `pi_${suffixOf(paymentId)}`;
export const chargeIdOf = (paymentId: string) => `ch_${suffixOf(paymentId)}`;

/** The Tillpoint id behind a Stripe id with the expected prefix, or null for any other id. */
export function tillpointIdOf(stripeId: string, stripePrefix: 'pi' | 'ch', tillpointPrefix: 'pay'): string | null {
  if (!stripeId.startsWith(`${stripePrefix}_`) || stripeId.length <= stripePrefix.length + 1) return null;
  return `${tillpointPrefix}_${suffixOf(stripeId)}`;
}

export const paymentIdOfCharge = (chargeId: string) => tillpointIdOf(chargeId, 'ch', 'pay');
export const paymentIdOfIntent = (intentId: string) => tillpointIdOf(intentId, 'pi', 'pay');
