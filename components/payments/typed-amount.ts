import { checkAmount, formatAmount, minorUnitExponent, normalizeCurrency } from '@/lib/money/money';

export type TypedAmount = { minor: number; amount: string; problem: null } | { minor: null; amount: null; problem: string };

/**
 * An amount a person typed, checked with the API's own rules (lib/money) and a ceiling before
 * the server is asked (which checks again): the amount in minor units and in the API's exact
 * format ("12.5" → "12.50"), or what to tell them.
 */
export function checkTypedAmount(input: string, currency: string, maxMinor: number, maxLabel: string): TypedAmount {
  const text = input.trim();
  const fail = (problem: string): TypedAmount => ({ minor: null, amount: null, problem });
  if (text === '') return fail('Enter an amount.');
  const checked = checkAmount(text, normalizeCurrency(currency));
  if (!checked.ok) {
    const decimals = minorUnitExponent(currency);
    switch (checked.problem) {
      case 'too_many_decimals':
        return fail(decimals === 0 ? `${currency} amounts have no decimal places.` : `${currency} amounts have at most ${decimals} decimal places.`);
      case 'zero':
        return fail('The amount must be greater than zero.');
      case 'over_maximum':
        return fail(`The amount can be at most ${maxLabel}.`);
      default:
        return fail('Enter the amount as a number, such as 12.50.');
    }
  }
  if (checked.minor > maxMinor) return fail(`The amount can be at most ${maxLabel}.`);
  return { minor: checked.minor, amount: formatAmount(checked.minor, currency), problem: null };
}
