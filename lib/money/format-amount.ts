import { currencies, normalizeCurrency } from './currencies';
import { divideHalfEven } from './arithmetic';
import { decimalToMinor, scaledToDecimal } from './parse-amount';

/** Integer minor units → the API's decimal string, with exactly the currency's decimals. */
export function formatAmount(minor: number, currency: string): string {
  return scaledToDecimal(minor, currencies[normalizeCurrency(currency)]);
}

const displayFormats = new Map<string, Intl.NumberFormat>();

/**
 * For people, not machines: "$1,234.50", "¥1,000", "BHD 1.005", "HUF 1,234.50". The decimals
 * come from our currency table, never Intl's guess (Intl shows HUF without its ISO fillér and
 * has disagreed with ISO on ISK), so the screen shows exactly what the API stores.
 */
export function formatDisplay(minor: number, currency: string, locale = 'en-US'): string {
  const code = normalizeCurrency(currency);
  const key = `${locale}|${code}`;
  let format = displayFormats.get(key);
  if (!format) {
    const digits = currencies[code];
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits });
    displayFormats.set(key, format);
  }
  // Intl formats the decimal string itself (not a float), so large sums stay exact.
  return format.format(scaledToDecimal(minor, currencies[code]) as `${number}`);
}

/** An amount as the API sends it ("125.50") → display text; {@link formatDisplay}. */
export function formatMoney(amount: string, currency: string, locale = 'en-US'): string {
  return formatDisplay(decimalToMinor(amount, currency), currency, locale);
}

/**
 * Rounded half-even to whole major units and shown without decimals ("$13,428", "¥2,004,200"):
 * for approximations and round thresholds, where cents would claim a precision there is not.
 */
export function formatWholeUnits(minor: number, currency: string, locale = 'en-US'): string {
  const code = normalizeCurrency(currency);
  const scale = 10 ** currencies[code];
  const whole = divideHalfEven(minor, scale);
  return new Intl.NumberFormat(locale, { style: 'currency', currency: code, minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(
    String(whole) as `${number}`,
  );
}

/**
 * Compact axis ticks: "$5K", "$12.5K", "¥2M". Only ever for an axis position (a chart's scale
 * is a float by nature), never for a figure a person reads as an amount. The minimum digits are
 * set too: left to the currency (2 for USD), Intl pads every tick to "$5.0K".
 */
export function compactMoneyFormatter(currency: string, locale = 'en-US'): (value: number) => string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: normalizeCurrency(currency), notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 });
  return (value) => format.format(value);
}
