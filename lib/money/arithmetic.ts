/**
 * Integer arithmetic on minor units. Amounts are plain numbers (safe integers); anything that
 * multiplies runs through BigInt, so a product past 2^53 (a 2.9% fee on 999,999,999.990 BHD
 * is 2.9e16 before the division) is still exact.
 */

/**
 * Guards every sum or product of minor units that could pass 2^53, where integers silently
 * stop being exact. Returns the value for inline use.
 */
export function assertSafeMinor(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Minor-unit amount is not a safe integer: ${value}`);
  return value;
}

/** `numerator / denominator` rounded half-even, in BigInt (the one rounding rule of the money module). */
export function halfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError(`Division by a non-positive denominator: ${denominator}`);
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator; // has the numerator's sign
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  const away = numerator < 0n ? -1n : 1n;
  if (twice > denominator || (twice === denominator && quotient % 2n !== 0n)) return quotient + away;
  return quotient;
}

/**
 * `amount × multiplier ÷ divisor`, rounded half-even (banker's rounding: a half goes to the
 * even neighbour, so rounding does not drift one way over many fees or shares).
 */
export function multiplyDivideHalfEven(amount: number, multiplier: number, divisor: number): number {
  for (const value of [amount, multiplier, divisor]) assertSafeMinor(value);
  return assertSafeMinor(Number(halfEven(BigInt(amount) * BigInt(multiplier), BigInt(divisor))));
}

/** `numerator / denominator` rounded half-even to an integer. */
export function divideHalfEven(numerator: number, denominator: number): number {
  return multiplyDivideHalfEven(numerator, 1, denominator);
}

/**
 * A proportional rate: basis points (1 bp = 0.01%), parts per million (how fee schedules store
 * rates: 2.9% is 29,000), or a decimal fraction as a string ("0.029").
 */
export type Rate = { basisPoints: number } | { ppm: number } | { decimal: string };

const DECIMAL_FRACTION = /^\d+(\.\d+)?$/;

function rateFraction(rate: Rate): [bigint, bigint] {
  if ('basisPoints' in rate) return [BigInt(assertSafeMinor(rate.basisPoints)), 10_000n];
  if ('ppm' in rate) return [BigInt(assertSafeMinor(rate.ppm)), 1_000_000n];
  if (!DECIMAL_FRACTION.test(rate.decimal)) throw new RangeError(`Not a plain decimal rate: '${rate.decimal}'`);
  const [whole, fraction = ''] = rate.decimal.split('.');
  return [BigInt(whole + fraction), 10n ** BigInt(fraction.length)];
}

/** `rate × amount` in minor units, rounded half-even: the percentage part of a fee. */
export function applyRate(amount: number, rate: Rate): number {
  const [numerator, denominator] = rateFraction(rate);
  return assertSafeMinor(Number(halfEven(BigInt(assertSafeMinor(amount)) * numerator, denominator)));
}

/**
 * An amount from one decimal scale to another, rounded half-even: 300 thousandths → 30 cents
 * (exponent 3 → 2), or 0 yen (→ 0); 5 cents → 50 thousandths.
 */
export function rescaleHalfEven(amount: number, fromExponent: number, toExponent: number): number {
  assertSafeMinor(amount);
  if (toExponent >= fromExponent) return assertSafeMinor(amount * 10 ** (toExponent - fromExponent));
  return assertSafeMinor(Number(halfEven(BigInt(amount), 10n ** BigInt(fromExponent - toExponent))));
}
