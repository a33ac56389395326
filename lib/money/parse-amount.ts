import { currencies, normalizeCurrency, type CurrencyCode, type MinorUnitExponent } from './currencies';
import { DomainError } from '@/lib/errors';

/** Plain decimal only: no sign, exponent, spaces or leading '+', and digits on both sides of '.'. */
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;
/** What the API itself writes: a plain decimal, negative for debits ("-25.00"). */
const SIGNED_DECIMAL = /^-?\d+(\.\d+)?$/;

export function isPlainDecimal(value: string): boolean {
  return PLAIN_DECIMAL.test(value);
}

/**
 * The per-payment ceiling, 999,999,999.99 in the currency's own major units (no conversion),
 * as minor units: 999,999,999 JPY, 99,999,999,999 cents, 999,999,999,990 fils (far below 2^53).
 */
export function maxAmountMinor(currency: CurrencyCode): number {
  return Number((99_999_999_999n * 10n ** BigInt(currencies[currency])) / 100n);
}

const EXAMPLES: Record<MinorUnitExponent, string> = { 0: '1000', 2: '125.50', 3: '1.005' };

function allowedDecimals(exponent: number): string {
  return exponent === 0 ? 'no decimal places' : `at most ${exponent} decimal places`;
}

/** Why a value is not an amount, in the order they are checked. */
export type AmountProblem = 'not_string' | 'not_decimal' | 'too_many_decimals' | 'zero' | 'over_maximum';

export type AmountCheck = { ok: true; minor: number } | { ok: false; problem: AmountProblem; error: DomainError };

/** Digits of a plain decimal with at most `exponent` decimals → minor units, exactly. */
function digitsToMinor(text: string, exponent: number): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole + fraction.padEnd(exponent, '0'));
}

/**
 * A decimal string in major units ("125.50" USD, "1000" JPY, "1.005" BHD) → integer minor
 * units, or the reason it is not one. Strict on purpose: numbers are refused (floats lose
 * cents) and so are extra decimals even when they are zeros ("10.500" USD), so a client bug
 * shows up as an error. The dashboard uses the same check before it asks the server.
 */
export function checkAmount(value: unknown, currency: CurrencyCode, param = 'amount'): AmountCheck {
  const exponent = currencies[currency];
  const fail = (problem: AmountProblem, detail: string): AmountCheck => ({
    ok: false,
    problem,
    error: new DomainError(
      'amount_invalid',
      `Invalid ${param}: ${detail} Send ${param} as a string in major units of ${currency} with ${allowedDecimals(exponent)}, e.g. "${EXAMPLES[exponent]}".`,
      { param },
    ),
  });

  if (typeof value !== 'string') return fail('not_string', `expected a string, got ${value === null ? 'null' : typeof value}.`);
  if (!PLAIN_DECIMAL.test(value)) return fail('not_decimal', 'not a plain positive decimal number.');
  // Counted on the string: "10.500" has three decimals even though the last is a zero.
  const decimals = value.split('.')[1]?.length ?? 0;
  if (decimals > exponent) return fail('too_many_decimals', `${currency} allows ${allowedDecimals(exponent)}.`);
  const minor = digitsToMinor(value, exponent);
  if (minor === 0n) return fail('zero', 'must be greater than zero.');
  const max = maxAmountMinor(currency);
  if (minor > BigInt(max)) return fail('over_maximum', `the maximum per payment is ${scaledToDecimal(max, exponent)} ${currency}.`);
  return { ok: true, minor: Number(minor) };
}

/** {@link checkAmount} for a request: the amount in minor units, or a thrown `DomainError`. */
export function parseAmount(value: unknown, currency: string, param = 'amount'): number {
  const checked = checkAmount(value, normalizeCurrency(currency), param);
  if (!checked.ok) throw checked.error;
  return checked.minor;
}

/**
 * A plain or negative decimal with at most `exponent` decimals → the integer it is in units of
 * 10^-exponent ("0.30", 3 → 300). A RangeError for anything else: callers validate input first.
 */
export function decimalToScaled(text: string, exponent: number): number {
  const decimals = text.split('.')[1]?.length ?? 0;
  if (!SIGNED_DECIMAL.test(text) || decimals > exponent) throw new RangeError(`Not a decimal with at most ${exponent} decimals: '${text}'`);
  const negative = text.startsWith('-');
  const value = Number(digitsToMinor(negative ? text.slice(1) : text, exponent));
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not a safe integer at ${exponent} decimals: '${text}'`);
  return negative ? -value || 0 : value;
}

/** An integer in units of 10^-exponent → its decimal string with exactly `exponent` decimals. */
export function scaledToDecimal(value: number, exponent: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Minor-unit amount is not a safe integer: ${value}`);
  const digits = String(Math.abs(value)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  // `value < 0` is false for -0, so it never renders as "-0.00".
  return `${value < 0 ? '-' : ''}${whole}${exponent > 0 ? `.${digits.slice(-exponent)}` : ''}`;
}

/**
 * An amount the API wrote ("125.50", "0.00", "-25.00") → minor units. For reading our own
 * answers (the dashboard does arithmetic on them), not for input: it accepts zero and
 * negatives, and anything else throws a RangeError because it is a bug, not a typing mistake.
 */
export function decimalToMinor(amount: string, currency: string): number {
  return decimalToScaled(amount, currencies[normalizeCurrency(currency)]);
}
