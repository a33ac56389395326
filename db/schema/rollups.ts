import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { minorUnits, timestamp } from './columns';
import { merchants } from './merchants';
import { paymentMethods, paymentStatuses } from './payments';

/**
 * Payment counters per merchant × currency × method × status × hour of creation, changed in the
 * same transaction as the payment (lib/rollups/payment-rollups.ts), so dashboards and scrapes read a
 * few thousand rows instead of every payment. `npm run tillpoint -- rollups rebuild` recomputes
 * them from the payments table.
 */
export const paymentRollups = sqliteTable(
  'payment_rollups',
  {
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    currency: text('currency').notNull(),
    method: text('method', { enum: paymentMethods }).notNull(),
    status: text('status', { enum: paymentStatuses }).notNull(),
    /** Start of the UTC hour the payments were created in (epoch ms). */
    hour: timestamp('hour').notNull(),
    count: integer('count').notNull(),
    /** Sum of the payments' amounts, their captured amounts, and what refunds returned. */
    amount: minorUnits('amount').notNull(),
    volume: minorUnits('volume').notNull(),
    refunded: minorUnits('refunded').notNull(),
  },
  (t) => [uniqueIndex('payment_rollups_cell').on(t.merchantId, t.currency, t.method, t.status, t.hour)],
);
