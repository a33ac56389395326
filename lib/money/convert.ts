import { assertSafeMinor, halfEven } from './arithmetic';
import { currencies, normalizeCurrency } from './currencies';

/**
 * Currency conversion by exact rational arithmetic: rates are decimal strings, the product is
 * taken in BigInt and rounded once, half-even, to the target's minor unit. Used to place an
 * amount against a threshold kept in another currency, never to move money.
 */

/** A positive decimal rate as written by a person or a rate table: "1.08", "0.0067". */
export const RATE_PATTERN = /^\d{1,9}(\.\d{1,12})?$/;

/** A decimal string → [numerator, denominator] as BigInt; throws on anything but a plain positive decimal. */
function fraction(decimal: string): [bigint, bigint] {
  if (!RATE_PATTERN.test(decimal)) throw new RangeError(`Not a plain decimal rate: '${decimal}'`);
  const [whole, digits = ''] = decimal.split('.');
  const numerator = BigInt(whole + digits);
  if (numerator === 0n) throw new RangeError('A rate must be above zero');
  return [numerator, 10n ** BigInt(digits.length)];
}

/** Whether `value` is a rate {@link convertViaBase} accepts. */
export function isValidRate(value: string): boolean {
  return RATE_PATTERN.test(value) && /[1-9]/.test(value);
}

/**
 * `amount` minor units of `from` in `to`, where `fromValue` and `toValue` are what one unit of
 * each is worth in a common base currency (US dollars in `fx_rates`): ¥56,220 at 0.0067 → USD
 * 376.67 is `convertViaBase(56220, 'JPY', '0.0067', 'USD', '1')` = 37667.
 */
export function convertViaBase(amount: number, from: string, fromValue: string, to: string, toValue: string): number {
  assertSafeMinor(amount);
  const [fromNum, fromDen] = fraction(fromValue);
  const [toNum, toDen] = fraction(toValue);
  const fromExp = BigInt(currencies[normalizeCurrency(from)]);
  const toExp = BigInt(currencies[normalizeCurrency(to)]);
  // amount / 10^fromExp × (fromNum / fromDen) ÷ (toNum / toDen) × 10^toExp
  const numerator = BigInt(amount) * fromNum * toDen * 10n ** toExp;
  const denominator = fromDen * toNum * 10n ** fromExp;
  return assertSafeMinor(Number(halfEven(numerator, denominator)));
}

/**
 * The rate from → to implied by two base values, as a decimal string of at most `decimals`
 * places (half-even, trailing zeros dropped): what a person reads, not what converts.
 */
export function crossRate(fromValue: string, toValue: string, decimals = 8): string {
  const [fromNum, fromDen] = fraction(fromValue);
  const [toNum, toDen] = fraction(toValue);
  const scaled = halfEven(fromNum * toDen * 10n ** BigInt(decimals), fromDen * toNum);
  const digits = scaled.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const rest = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}
