import { DomainError } from '@/lib/errors';

/**
 * ISO 4217 codes Tillpoint accepts, with their minor-unit exponent (how many decimals the
 * currency has). Amounts are stored as integers in these minor units. These are ISO's digits,
 * which is what processors settle in; Intl's defaults differ for some (HUF, ISK), so display
 * takes its decimals from here too.
 */
export const currencies = {
  USD: 2, EUR: 2, GBP: 2, JPY: 0, CHF: 2, CAD: 2, AUD: 2, NZD: 2,
  SEK: 2, NOK: 2, DKK: 2, PLN: 2, CZK: 2, HUF: 2,
  INR: 2, BRL: 2, MXN: 2, SGD: 2, HKD: 2, ZAR: 2, CNY: 2, AED: 2,
  KRW: 0, VND: 0, CLP: 0, ISK: 0, UGX: 0,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3,
} as const satisfies Record<string, 0 | 2 | 3>;

export type CurrencyCode = keyof typeof currencies;
export type MinorUnitExponent = (typeof currencies)[CurrencyCode];

export const currencyCodes = Object.keys(currencies) as CurrencyCode[];

export function isCurrencyCode(code: string): code is CurrencyCode {
  return Object.hasOwn(currencies, code);
}

/** Case-insensitive ISO 4217 code → the uppercase code; anything else is `currency_invalid`. */
export function normalizeCurrency(code: unknown, param = 'currency'): CurrencyCode {
  const upper = typeof code === 'string' ? code.toUpperCase() : undefined;
  if (upper === undefined || !isCurrencyCode(upper)) {
    const shown = typeof code === 'string' ? `'${code.slice(0, 16)}'` : 'a non-string value';
    throw new DomainError('currency_invalid', `Unsupported currency ${shown}: use an ISO 4217 code such as "usd" or "EUR".`, { param });
  }
  return upper;
}

/** Decimals of a currency's minor unit: 2 for USD, 0 for JPY, 3 for BHD. */
export function minorUnitExponent(currency: string): MinorUnitExponent {
  return currencies[normalizeCurrency(currency)];
}
