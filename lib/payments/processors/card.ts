import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { keyedFingerprint } from './payment-details';
import type { SimulatedBooks } from './simulated-books';
import { createSimulatedProcessor } from './simulated-processor';
import { findTestInput, type TestOutcome } from './test-inputs';
import type { Processor } from './types';

/** Card `payment_details`. Values are checked in `validateCard` so each gets its card_* code. */
export const cardDetailsSchema = z.strictObject({
  number: z.string(),
  exp_month: z.union([z.number(), z.string()]),
  exp_year: z.union([z.number(), z.string()]),
  cvc: z.string(),
});
export type CardDetails = z.output<typeof cardDetailsSchema>;

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

export type ValidCard = {
  number: string; // digits only; never leaves this process
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
};

/** Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function cardBrand(number: string): CardBrand {
  if (/^3[47]/.test(number)) return 'amex';
  if (/^4/.test(number)) return 'visa';
  // 2221–2720 is Mastercard's 2-series range.
  if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(number)) return 'mastercard';
  if (/^(6011|64[4-9]|65)/.test(number)) return 'discover';
  return 'unknown';
}

const invalid = (code: 'card_number_invalid' | 'card_expiry_invalid' | 'card_cvc_invalid', field: string, message: string) =>
  new DomainError(code, message, { param: `payment_details.${field}` });

/** Whole numbers given as a JSON integer or a digit string ("07"). */
function wholeNumber(value: number | string, digits: RegExp): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null;
  return digits.test(value) ? Number(value) : null;
}

/** Checks a card the way a processor would before charging it; throws card_* errors. */
export function validateCard(details: CardDetails, now: Date): ValidCard {
  const number = details.number.replace(/ /g, '');
  if (!/^\d{12,19}$/.test(number)) throw invalid('card_number_invalid', 'number', 'The card number must be 12 to 19 digits.');
  if (!luhnValid(number)) throw invalid('card_number_invalid', 'number', 'The card number is not a valid card number.');
  const brand = cardBrand(number);

  const expMonth = wholeNumber(details.exp_month, /^\d{1,2}$/);
  if (expMonth === null || expMonth < 1 || expMonth > 12) {
    throw invalid('card_expiry_invalid', 'exp_month', "The card's expiration month must be 1 to 12.");
  }
  const rawYear = wholeNumber(details.exp_year, /^(\d{2}|\d{4})$/);
  if (rawYear === null || (rawYear >= 100 && rawYear < 1000) || rawYear > 9999) {
    throw invalid('card_expiry_invalid', 'exp_year', "The card's expiration year must have 2 or 4 digits.");
  }
  const expYear = rawYear < 100 ? 2000 + rawYear : rawYear;
  // A card is valid through the last day of its expiry month (UTC).
  const thisYear = now.getUTCFullYear();
  const thisMonth = now.getUTCMonth() + 1;
  if (expYear < thisYear) throw invalid('card_expiry_invalid', 'exp_year', "The card's expiration year is in the past.");
  if (expYear === thisYear && expMonth < thisMonth) {
    throw invalid('card_expiry_invalid', 'exp_month', "The card's expiration date is in the past.");
  }

  const cvcLength = brand === 'amex' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(details.cvc)) {
    throw invalid('card_cvc_invalid', 'cvc', `The card's security code must be ${cvcLength} digits.`);
  }
  return { number, brand, last4: number.slice(-4), expMonth, expYear };
}

/** Same card number → same fingerprint, without the number being recoverable. */
export function cardFingerprint(number: string): string {
  return keyedFingerprint(number.replace(/ /g, ''));
}

/** Card outcomes follow the number whichever card method carries it, as at a real issuer. */
const cardMethods = ['credit_card', 'debit_card'] as const;

/** Issuing country: from the test-input table for test BINs that encode one, otherwise US. */
export function cardCountry(number: string): string {
  return findTestInput(cardMethods, number)?.country ?? 'US';
}

export function cardOutcome(number: string): TestOutcome {
  return findTestInput(cardMethods, number)?.outcome ?? { status: 'succeeded' };
}

/** Credit and debit cards differ only in method name and the funding they record. */
export function createCardProcessor(method: 'credit_card' | 'debit_card', books: SimulatedBooks): Processor {
  const funding = method === 'debit_card' ? 'debit' : 'credit';
  return createSimulatedProcessor(
    {
      method,
      detailsSchema: cardDetailsSchema,
      supportsManualCapture: true,
      settlement: 'immediate',
      describe(details, now) {
        const card = validateCard(details, now);
        return {
          stored: {
            brand: card.brand,
            last4: card.last4,
            exp_month: card.expMonth,
            exp_year: card.expYear,
            funding,
            country: cardCountry(card.number),
          },
          fingerprint: cardFingerprint(card.number),
        };
      },
      decide: (details) => cardOutcome(details.number),
    },
    books,
  );
}
