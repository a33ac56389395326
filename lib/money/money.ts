import Decimal from 'decimal.js';
import { ApiError } from '@/lib/http/errors';
import { currencies, isCurrencyCode, type CurrencyCode } from './currencies';

// A private Decimal so global configuration elsewhere cannot change our arithmetic; 40 digits
// covers every amount we accept with room to spare, so conversions are exact.
const D = Decimal.clone({ precision: 40 });

/**
 * The per-payment ceiling, in the payment's own major units (no conversion): 999,999,999.99.
 * The largest result (999,999,999,990 fils) stays far below 2^53.
 */
const MAX_MAJOR = new D('999999999.99');

// Plain decimal only: no sign, exponent, spaces or leading '+', and digits on both sides of '.'.
const DECIMAL_STRING = /^\d+(\.\d+)?$/;

const EXAMPLES: Record<number, string> = { 0: '1000', 2: '125.50', 3: '1.005' };

/** Case-insensitive ISO 4217 code → the uppercase code; anything else is `currency_invalid`. */
export function normalizeCurrency(code: unknown): CurrencyCode {
  const upper = typeof code === 'string' ? code.toUpperCase() : undefined;
  if (upper === undefined || !isCurrencyCode(upper)) {
    const shown = typeof code === 'string' ? `'${code.slice(0, 16)}'` : 'a non-string value';
    throw new ApiError('currency_invalid', `Unsupported currency ${shown}: use an ISO 4217 code such as "usd" or "EUR".`, {
      param: 'currency',
    });
  }
  return upper;
}

/** Decimals of a currency's minor unit: 2 for USD, 0 for JPY, 3 for BHD. */
export function minorUnitExponent(currency: string): 0 | 2 | 3 {
  return currencies[normalizeCurrency(currency)];
}

function allowedDecimals(exponent: number): string {
  return exponent === 0 ? 'no decimal places' : `at most ${exponent} decimal places`;
}

/**
 * A decimal string in major units ("125.50" USD, "1000" JPY, "1.005" BHD) → integer minor
 * units. Strict on purpose: JSON numbers are refused (floats lose cents) and so are extra
 * decimals even when they are zeros ("10.500" USD), so a client bug shows up as a 400.
 */
export function parseAmount(value: unknown, currency: string, param = 'amount'): number {
  const code = normalizeCurrency(currency);
  const exponent = currencies[code];
  const invalid = (problem: string) =>
    new ApiError(
      'amount_invalid',
      `${problem} Send ${param} as a string in major units of ${code} with ${allowedDecimals(exponent)}, e.g. "${EXAMPLES[exponent]}".`,
      { param },
    );

  if (typeof value !== 'string') throw invalid(`Invalid ${param}: expected a string, got ${value === null ? 'null' : typeof value}.`);
  if (!DECIMAL_STRING.test(value)) throw invalid(`Invalid ${param}: not a plain positive decimal number.`);
  // Counted on the string: Decimal would drop the trailing zeros of "10.500".
  const decimals = value.split('.')[1]?.length ?? 0;
  if (decimals > exponent) throw invalid(`Invalid ${param}: ${code} allows ${allowedDecimals(exponent)}.`);
  const major = new D(value);
  if (major.isZero()) throw invalid(`Invalid ${param}: must be greater than zero.`);
  if (major.gt(MAX_MAJOR)) throw invalid(`Invalid ${param}: the maximum per payment is ${MAX_MAJOR.toFixed(exponent)} ${code}.`);
  return assertSafeMinor(major.times(new D(10).pow(exponent)).toNumber());
}

/** Integer minor units → decimal string in major units with exactly the currency's decimals. */
export function formatAmount(minor: number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  assertSafeMinor(minor);
  // `minor || 0` turns -0 into 0 so it never renders as "-0.00".
  return new D(minor || 0).div(new D(10).pow(exponent)).toFixed(exponent);
}

const displayFormats = new Map<string, Intl.NumberFormat>();

/** For people, not machines: "$1,234.50", "¥1,000", "BHD 1.005". */
export function formatDisplay(minor: number, currency: string, locale = 'en-US'): string {
  const code = normalizeCurrency(currency);
  const key = `${locale}|${code}`;
  let format = displayFormats.get(key);
  if (!format) {
    const digits = currencies[code];
    // Our table, not Intl's, decides the decimals (Intl shows ISK/HUF differently).
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: code,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    displayFormats.set(key, format);
  }
  // Formatting the decimal string (not a float) keeps large sums exact.
  return format.format(formatAmount(minor, code) as `${number}`);
}

/**
 * Minor-unit arithmetic uses plain numbers; this guards every sum or product that could pass
 * 2^53, where integers silently stop being exact. Returns the value for inline use.
 */
export function assertSafeMinor(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Minor-unit amount is not a safe integer: ${value}`);
  return value;
}

/**
 * `numerator / denominator` rounded half-even (banker's rounding) to an integer: a half minor
 * unit goes to the even neighbour, so rounding errors do not drift one way over many fees.
 */
export function divideHalfEven(numerator: number, denominator: number): number {
  let quotient = Math.floor(numerator / denominator);
  // The float division can land one off for large operands; the integer remainder corrects it.
  if (numerator - quotient * denominator < 0) quotient -= 1;
  if (numerator - quotient * denominator >= denominator) quotient += 1;
  const twiceRemainder = 2 * (numerator - quotient * denominator);
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2 !== 0)) return quotient + 1;
  return quotient;
}
