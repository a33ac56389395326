/**
 * Tiny exact arithmetic on the API's decimal strings ("125.50"), through integer minor units
 * held as BigInt: never a float, so "0.30" - "0.10" is "0.20" and large sums stay exact.
 * The API formats every amount with exactly the currency's decimals, so a payment's own amount
 * string tells how many decimals its currency has.
 */

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/** Decimals of the currency, read off an amount the API formatted ("10.00" → 2, "1000" → 0). */
export function decimalsOf(amount: string): number {
  return amount.split('.')[1]?.length ?? 0;
}

/** "12.5" with 2 decimals → 1250n; null when the text is not a plain decimal with ≤ decimals. */
export function toMinor(amount: string, decimals: number): bigint | null {
  const text = amount.trim();
  if (!PLAIN_DECIMAL.test(text)) return null;
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length > decimals) return null;
  return BigInt(whole + fraction.padEnd(decimals, '0'));
}

/** 1250n with 2 decimals → "12.50". */
export function fromMinor(minor: bigint, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? `.${digits.slice(-decimals)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** a − b for two API amounts of one currency, formatted like them. */
export function subtractDecimal(a: string, b: string): string {
  const decimals = Math.max(decimalsOf(a), decimalsOf(b));
  return fromMinor((toMinor(a, decimals) ?? 0n) - (toMinor(b, decimals) ?? 0n), decimals);
}

export function isPositiveDecimal(amount: string): boolean {
  const minor = toMinor(amount, decimalsOf(amount));
  return minor !== null && minor > 0n;
}

/**
 * Checks an amount a person typed against a ceiling before asking the server (which checks
 * again). Returns an error message, or null when the amount is fine.
 */
export function amountProblem(input: string, max: string, currency: string, maxLabel: string): string | null {
  const decimals = decimalsOf(max);
  const text = input.trim();
  if (text === '') return 'Enter an amount.';
  if (!PLAIN_DECIMAL.test(text)) return 'Enter the amount as a number, such as 12.50.';
  const minor = toMinor(text, decimals);
  if (minor === null) {
    return decimals === 0 ? `${currency} amounts have no decimal places.` : `${currency} amounts have at most ${decimals} decimal places.`;
  }
  if (minor <= 0n) return 'The amount must be greater than zero.';
  if (minor > (toMinor(max, decimals) ?? 0n)) return `The amount can be at most ${maxLabel}.`;
  return null;
}

/** The typed amount in the API's exact format ("12.5" → "12.50") for display and sending. */
export function normalizeDecimal(input: string, decimals: number): string {
  const minor = toMinor(input, decimals);
  return minor === null ? input.trim() : fromMinor(minor, decimals);
}
