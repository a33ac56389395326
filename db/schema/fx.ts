import { primaryKey, table, text } from './core';
import { timestamp } from './columns';
import { merchants } from './merchants';

/**
 * Indicative exchange rates, installation-wide: what one unit of `currency` is worth in US
 * dollars, as an exact decimal string ("1.08" for EUR). Seeded with fixed demo rates by a
 * migration and updated by the operator (`npm run tillpoint -- fx set EUR 1.08`). They only
 * place a payment against thresholds kept in a reference currency; no money is ever converted.
 */
export const fxRates = table('fx_rates', {
  currency: text('currency').primaryKey(),
  usdRate: text('usd_rate').notNull(),
  updatedAt: timestamp('updated_at').notNull(),
});

/** A merchant's own rate for a currency (set by an owner through the API), over the installation's. */
export const merchantFxRates = table(
  'merchant_fx_rates',
  {
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    currency: text('currency').notNull(),
    usdRate: text('usd_rate').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.currency] })],
);
