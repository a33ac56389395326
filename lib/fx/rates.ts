import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { currencyCode, timestamp } from '@/lib/api-objects';
import { transaction, type Db } from '@/db/client';
import { fxRates, merchantFxRates } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { isValidRate, normalizeCurrency, type CurrencyCode } from '@/lib/money/money';

/**
 * Indicative exchange rates, as US dollars per one unit of a currency. The installation's
 * table (`fx_rates`, seeded with fixed demo rates, set by the operator's CLI) applies to every
 * merchant; an owner may set the merchant's own rate for a currency over it. They only place a
 * payment against thresholds kept in a reference currency: no money is converted with them.
 */
export type FxRate = {
  currency: CurrencyCode;
  usdRate: string;
  source: 'installation' | 'merchant';
  updatedBy: string | null;
  updatedAt: number;
};

export const fxRateBody = z.strictObject({
  rate: z
    .string()
    .refine(isValidRate, 'rate must be a positive decimal string of US dollars per unit, such as "1.08" (at most 9 digits before the point and 12 after)'),
});

/** The installation's rates, by currency code. */
export async function listInstallationFxRates(db: Db): Promise<FxRate[]> {
  const rows = await db.select().from(fxRates).orderBy(asc(fxRates.currency));
  return rows.map((row) => ({ currency: row.currency as CurrencyCode, usdRate: row.usdRate, source: 'installation', updatedBy: null, updatedAt: row.updatedAt }));
}

/** The rates that apply to a merchant, one per currency, by currency code. */
export async function listFxRates(db: Db, merchantId: string): Promise<FxRate[]> {
  const [installation, own] = await Promise.all([
    listInstallationFxRates(db),
    db.select().from(merchantFxRates).where(eq(merchantFxRates.merchantId, merchantId)),
  ]);
  const byCurrency = new Map<string, FxRate>(installation.map((rate) => [rate.currency, rate]));
  for (const row of own) {
    byCurrency.set(row.currency, { currency: row.currency as CurrencyCode, usdRate: row.usdRate, source: 'merchant', updatedBy: row.updatedBy, updatedAt: row.updatedAt });
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The rate of one currency for a merchant, or null when neither table has one. */
export async function getFxRate(db: Db, merchantId: string, currency: CurrencyCode): Promise<FxRate | null> {
  const [own] = await db
    .select()
    .from(merchantFxRates)
    .where(and(eq(merchantFxRates.merchantId, merchantId), eq(merchantFxRates.currency, currency)));
  if (own) return { currency, usdRate: own.usdRate, source: 'merchant', updatedBy: own.updatedBy, updatedAt: own.updatedAt };
  const [row] = await db.select().from(fxRates).where(eq(fxRates.currency, currency));
  return row ? { currency, usdRate: row.usdRate, source: 'installation', updatedBy: null, updatedAt: row.updatedAt } : null;
}

function checkRate(currency: CurrencyCode, rate: string): void {
  if (!isValidRate(rate)) {
    throw new DomainError('parameter_invalid', `Invalid rate '${rate.slice(0, 32)}': use a positive decimal of US dollars per unit, such as "1.08".`, { param: 'rate' });
  }
  if (currency === 'USD' && rate.replace(/\.?0+$/, '') !== '1') {
    throw new DomainError('parameter_invalid', 'USD is the base of the rate table: its rate is always 1.', { param: 'rate' });
  }
}

/** The operator's rate for every merchant (the CLI). */
export async function setInstallationFxRate(db: Db, args: { currency: string; rate: string; now?: number }): Promise<FxRate> {
  const currency = normalizeCurrency(args.currency);
  checkRate(currency, args.rate);
  const now = args.now ?? Date.now();
  await transaction(db, (tx) =>
    tx
      .insert(fxRates)
      .values({ currency, usdRate: args.rate, updatedAt: now })
      .onConflictDoUpdate({ target: fxRates.currency, set: { usdRate: args.rate, updatedAt: now } }),
  );
  return { currency, usdRate: args.rate, source: 'installation', updatedBy: null, updatedAt: now };
}

/** A merchant's own rate for a currency, over the installation's (an owner, through the API). */
export async function setMerchantFxRate(
  db: Db,
  args: { merchantId: string; currency: string; rate: string; actor: string; now?: number },
): Promise<FxRate> {
  const currency = normalizeCurrency(args.currency);
  checkRate(currency, args.rate);
  const now = args.now ?? Date.now();
  const values = { usdRate: args.rate, updatedBy: args.actor, updatedAt: now };
  await transaction(db, (tx) =>
    tx
      .insert(merchantFxRates)
      .values({ merchantId: args.merchantId, currency, ...values })
      .onConflictDoUpdate({ target: [merchantFxRates.merchantId, merchantFxRates.currency], set: values }),
  );
  return { currency, usdRate: args.rate, source: 'merchant', updatedBy: args.actor, updatedAt: now };
}

/** Drops a merchant's own rate: the installation's applies again. */
export async function clearMerchantFxRate(db: Db, args: { merchantId: string; currency: string }): Promise<FxRate | null> {
  const currency = normalizeCurrency(args.currency);
  await transaction(db, (tx) =>
    tx.delete(merchantFxRates).where(and(eq(merchantFxRates.merchantId, args.merchantId), eq(merchantFxRates.currency, currency))),
  );
  return getFxRate(db, args.merchantId, currency);
}

export const fxRateObject = z
  .strictObject({
    object: z.literal('fx_rate'),
    currency: currencyCode,
    base: z.literal('USD'),
    rate: z.string().describe('US dollars per one unit of the currency, as an exact decimal string.'),
    source: z.enum(['installation', 'merchant']).describe("The installation's table, or this merchant's own rate over it."),
    updated_by: z.string().nullable(),
    updated: timestamp,
    indicative: z.literal(true).describe('Rates only place payments against thresholds; no money is converted.'),
  })
  .meta({
    id: 'FxRate',
    description: 'An indicative exchange rate, used to compare amounts with thresholds kept in a reference currency.',
    examples: [{ object: 'fx_rate', currency: 'EUR', base: 'USD', rate: '1.08', source: 'installation', updated_by: null, updated: '2026-11-30T12:00:00.000Z', indicative: true }],
  });

export function serializeFxRate(rate: FxRate): z.infer<typeof fxRateObject> {
  return {
    object: 'fx_rate' as const,
    currency: rate.currency,
    base: 'USD' as const,
    rate: rate.usdRate,
    source: rate.source,
    updated_by: rate.updatedBy,
    updated: new Date(rate.updatedAt).toISOString(),
    indicative: true as const,
  };
}
