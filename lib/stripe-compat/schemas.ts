import { z } from 'zod';
import { formAmount, formBoolean, formMetadata, listParams } from './params';

const paymentMethodTypes = z.array(z.literal('card', { error: 'Tillpoint supports the card payment method type only' })).min(1);
// `automatic_async` is Stripe's newer default; here captures are synchronous either way.
const captureMethod = z.enum(['automatic', 'automatic_async', 'manual']).transform((m) => (m === 'manual' ? 'manual' : 'automatic'));
const automaticPaymentMethods = z.strictObject({ enabled: formBoolean, allow_redirects: z.enum(['always', 'never']).optional() });

export const createPaymentIntentParams = z.strictObject({
  amount: formAmount,
  currency: z.string(),
  confirm: formBoolean.optional(),
  capture_method: captureMethod.optional(),
  payment_method: z.string().optional(),
  payment_method_types: paymentMethodTypes.optional(),
  automatic_payment_methods: automaticPaymentMethods.optional(),
  customer: z.string().min(1).max(255).optional(),
  description: z.string().max(1000).optional(),
  metadata: formMetadata.optional(),
  // Accepted for Stripe's confirm-with-redirect flows; no Tillpoint card payment redirects.
  return_url: z.string().optional(),
});
export type CreatePaymentIntentParams = z.output<typeof createPaymentIntentParams>;

/** Stripe's metadata update: keys merge, an empty value removes its key. */
export const updatePaymentIntentParams = z.strictObject({
  amount: formAmount.optional(),
  currency: z.string().optional(),
  capture_method: captureMethod.optional(),
  payment_method: z.string().optional(),
  payment_method_types: paymentMethodTypes.optional(),
  customer: z.string().min(1).max(255).optional(),
  description: z.string().max(1000).optional(),
  metadata: z.union([z.literal(''), formMetadata]).optional(),
});
export type UpdatePaymentIntentParams = z.output<typeof updatePaymentIntentParams>;

export const confirmPaymentIntentParams = z.strictObject({
  payment_method: z.string().optional(),
  return_url: z.string().optional(),
});

export const capturePaymentIntentParams = z.strictObject({ amount_to_capture: formAmount.optional() });

export const cancellationReasons = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;
export const cancelPaymentIntentParams = z.strictObject({ cancellation_reason: z.enum(cancellationReasons).optional() });

export const listPaymentIntentsParams = z.strictObject({ ...listParams, customer: z.string().optional() });
export type ListPaymentIntentsParams = z.output<typeof listPaymentIntentsParams>;

export const listChargesParams = z.strictObject({ ...listParams, customer: z.string().optional(), payment_intent: z.string().optional() });
export type ListChargesParams = z.output<typeof listChargesParams>;

export const createRefundParams = z.strictObject({
  payment_intent: z.string().optional(),
  charge: z.string().optional(),
  amount: formAmount.optional(),
  reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
  metadata: formMetadata.optional(),
});
export type CreateRefundParams = z.output<typeof createRefundParams>;

export const listRefundsParams = z.strictObject({ ...listParams, payment_intent: z.string().optional(), charge: z.string().optional() });
export type ListRefundsParams = z.output<typeof listRefundsParams>;
