/**
 * The money module, for the server and the dashboard alike: pure TypeScript with no Node or
 * framework imports, so a client component can use the very rules the API applies.
 * Amounts are integer minor units; the API speaks decimal strings in major units.
 */
export { currencies, currencyCodes, isCurrencyCode, minorUnitExponent, normalizeCurrency, type CurrencyCode, type MinorUnitExponent } from './currencies';
export { checkAmount, decimalToMinor, isPlainDecimal, decimalToScaled, maxAmountMinor, parseAmount, scaledToDecimal, type AmountCheck, type AmountProblem } from './parse-amount';
export { compactMoneyFormatter, formatAmount, formatDisplay, formatMoney, formatWholeUnits } from './format-amount';
export { convertViaBase, crossRate, isValidRate, RATE_PATTERN } from './convert';
export { applyRate, assertSafeMinor, divideHalfEven, multiplyDivideHalfEven, rescaleHalfEven, type Rate } from './arithmetic';
