import { index, table, text } from './core';
import { jsonText, timestamp } from './columns';
import { merchants } from './merchants';

/**
 * A merchant's customers (Stripe's Customer object). The id (`cus_...`) is the very value a
 * payment carries in `customer_id`, so a PaymentIntent made for a customer is a payment of that
 * customer on both surfaces, and the risk engine's per-customer velocity sees it. A payment's
 * `customer_id` may still be any free-form string of the merchant's own (native API): only
 * `cus_` ids name a row here.
 */
export const customers = table(
  'customers',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    email: text('email'),
    name: text('name'),
    phone: text('phone'),
    description: text('description'),
    metadata: jsonText<Record<string, string>>('metadata').notNull(),
    // invoice_settings.default_payment_method: one of the customer's payment methods.
    defaultPaymentMethod: text('default_payment_method'),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
    // Deleted customers are kept (their payments still name them) and answer `deleted: true`.
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [index('customers_merchant_idx').on(t.merchantId, t.id), index('customers_merchant_email_idx').on(t.merchantId, t.email)],
);

/** What is kept of a saved card: never its number. */
export type SavedCard = { brand: string; last4: string; exp_month: number; exp_year: number; funding: string; country: string; fingerprint: string };

/**
 * Payment methods saved for a customer (Stripe's PaymentMethod). Attaching one of the fixed
 * test payment methods (`pm_card_visa`, ...) makes a new `pm_...` row here, as Stripe does;
 * `template` is the test payment method it was made from, and decides how the simulated
 * processor answers when it pays. Detached ones keep their row with no customer.
 */
export const savedPaymentMethods = table(
  'saved_payment_methods',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    customerId: text('customer_id').references(() => customers.id),
    template: text('template').notNull(),
    card: jsonText<SavedCard>('card').notNull(),
    metadata: jsonText<Record<string, string>>('metadata').notNull(),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
    detachedAt: timestamp('detached_at'),
  },
  (t) => [index('saved_payment_methods_customer_idx').on(t.merchantId, t.customerId, t.id)],
);
