import type { Db } from '@/db/client';
import { convertViaBase, crossRate, formatAmount, normalizeCurrency, rescaleHalfEven, minorUnitExponent, type CurrencyCode } from '@/lib/money/money';
import { getFxRate } from './rates';

/**
 * An amount placed in the merchant's reference currency, with the rate that placed it (kept on
 * risk factors and alerts, so a decision can be explained after the rates change).
 */
export type ReferenceAmount = {
  /** Minor units of the reference currency. */
  amount: number;
  currency: CurrencyCode;
  from: CurrencyCode;
  /** Reference units per one unit of `from` ("0.0067"), "1" for the same currency; null when no rate is known. */
  rate: string | null;
};

/**
 * `amount` minor units of `currency` in `reference`. Without a rate for either currency the
 * amount is taken as it is (rescaled to the reference's decimals), as thresholds were read
 * before rates existed, and `rate` is null so whoever shows it can say so.
 */
export async function toReferenceAmount(
  db: Db,
  args: { merchantId: string; amount: number; currency: string; reference: string },
): Promise<ReferenceAmount> {
  const from = normalizeCurrency(args.currency);
  const currency = normalizeCurrency(args.reference);
  if (from === currency) return { amount: args.amount, currency, from, rate: '1' };
  const [fromRate, toRate] = await Promise.all([getFxRate(db, args.merchantId, from), getFxRate(db, args.merchantId, currency)]);
  if (!fromRate || !toRate) {
    return { amount: rescaleHalfEven(args.amount, minorUnitExponent(from), minorUnitExponent(currency)), currency, from, rate: null };
  }
  return {
    amount: convertViaBase(args.amount, from, fromRate.usdRate, currency, toRate.usdRate),
    currency,
    from,
    rate: crossRate(fromRate.usdRate, toRate.usdRate),
  };
}

/** As recorded on a risk factor or an alert. */
export function serializeReferenceAmount(reference: ReferenceAmount) {
  return {
    from: reference.from,
    to: reference.currency,
    rate: reference.rate,
    amount: formatAmount(reference.amount, reference.currency),
  };
}
