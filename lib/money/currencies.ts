/**
 * ISO 4217 codes Tillpoint accepts, with their minor-unit exponent (how many decimals the
 * currency has). Amounts are stored as integers in these minor units.
 */
export const currencies = {
  USD: 2, EUR: 2, GBP: 2, JPY: 0, CHF: 2, CAD: 2, AUD: 2, NZD: 2,
  SEK: 2, NOK: 2, DKK: 2, PLN: 2, CZK: 2, HUF: 2,
  INR: 2, BRL: 2, MXN: 2, SGD: 2, HKD: 2, ZAR: 2, CNY: 2, AED: 2,
  KRW: 0, VND: 0, CLP: 0, ISK: 0, UGX: 0,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3,
} as const satisfies Record<string, 0 | 2 | 3>;

export type CurrencyCode = keyof typeof currencies;

export const currencyCodes = Object.keys(currencies) as CurrencyCode[];

export function isCurrencyCode(code: string): code is CurrencyCode {
  return Object.hasOwn(currencies, code);
}
