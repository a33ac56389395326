import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jsonText, minorUnits, timestamp } from './columns';
import { merchants } from './merchants';

export const captureMethods = ['automatic', 'manual'] as const;
export type CaptureMethod = (typeof captureMethods)[number];

/**
 * PaymentIntents made through the Stripe-compatible API (`/v1/payment_intents`). Tillpoint has
 * no unconfirmed payment, so a PaymentIntent lives here from creation; confirming it creates a
 * Tillpoint payment through the payment services (`payment_id`, the latest attempt). The first
 * attempt's payment id has the PaymentIntent's own suffix (`pi_X` → `pay_X`), so one id is
 * visible through both APIs; a retry after a decline gets a new payment, linked in
 * `payment_intent_attempts`. Payments made through the native API have no row here: they are
 * PaymentIntents by their id alone (lib/stripe-compat/ids.ts).
 */
export const paymentIntents = sqliteTable(
  'payment_intents',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    amount: minorUnits('amount').notNull(),
    currency: text('currency').notNull(),
    captureMethod: text('capture_method', { enum: captureMethods }).notNull(),
    /** The payment method the next confirmation uses (a Stripe id such as `pm_card_visa`). */
    paymentMethod: text('payment_method'),
    paymentMethodTypes: jsonText<string[]>('payment_method_types').notNull(),
    customerId: text('customer_id'),
    description: text('description'),
    metadata: jsonText<Record<string, string>>('metadata').notNull(),
    clientSecret: text('client_secret').notNull(),
    /** The Tillpoint payment of the latest confirmation, once there has been one. */
    paymentId: text('payment_id'),
    cancellationReason: text('cancellation_reason'),
    canceledAt: timestamp('canceled_at'),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [
    index('payment_intents_merchant_idx').on(t.merchantId, t.id),
    index('payment_intents_merchant_customer_idx').on(t.merchantId, t.customerId, t.id),
    index('payment_intents_payment_idx').on(t.paymentId),
  ],
);

/** Every Tillpoint payment a PaymentIntent's confirmations created (its charges, in Stripe's words). */
export const paymentIntentAttempts = sqliteTable(
  'payment_intent_attempts',
  {
    paymentId: text('payment_id').primaryKey(),
    paymentIntentId: text('payment_intent_id').notNull().references(() => paymentIntents.id),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    /** The payment method this confirmation used (`pm_card_visa`). */
    paymentMethod: text('payment_method').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('payment_intent_attempts_intent_idx').on(t.paymentIntentId)],
);
