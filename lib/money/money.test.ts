import fc from 'fast-check';
import { DomainError } from '@/lib/errors';
import { describe, expect, it } from 'vitest';
import { currencies, currencyCodes } from './currencies';
import {
  assertSafeMinor,
  compactMoneyFormatter,
  checkAmount,
  decimalToMinor,
  divideHalfEven,
  formatAmount,
  formatDisplay,
  formatMoney,
  minorUnitExponent,
  normalizeCurrency,
  parseAmount,
} from './money';

function moneyError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const maxMinor = { 0: 999_999_999, 2: 99_999_999_999, 3: 999_999_999_990 } as const;
const sample = { 0: 'JPY', 2: 'USD', 3: 'BHD' } as const;

describe('currencies', () => {
  it('has the required codes with their exponents', () => {
    for (const code of ['USD', 'EUR', 'GBP', 'CHF', 'HUF', 'INR', 'AED']) expect(minorUnitExponent(code)).toBe(2);
    for (const code of ['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX']) expect(minorUnitExponent(code)).toBe(0);
    for (const code of ['BHD', 'KWD', 'OMR', 'JOD', 'TND']) expect(minorUnitExponent(code)).toBe(3);
    expect(currencyCodes.length).toBeGreaterThanOrEqual(32);
  });

  it('normalizes case and rejects unknown codes', () => {
    expect(normalizeCurrency('usd')).toBe('USD');
    expect(normalizeCurrency('eUr')).toBe('EUR');
    for (const bad of ['XXX', 'US', '', 'usd ', 42, null, undefined, 'constructor', 'toString']) {
      const error = moneyError(() => normalizeCurrency(bad));
      expect(error.code).toBe('currency_invalid');
      expect(error.param).toBe('currency');
    }
    expect(moneyError(() => parseAmount('1.00', 'ABC')).code).toBe('currency_invalid');
  });
});

describe('parseAmount', () => {
  it('converts major-unit strings to minor units', () => {
    expect(parseAmount('125.50', 'USD')).toBe(12550);
    expect(parseAmount('125.5', 'usd')).toBe(12550);
    expect(parseAmount('0.01', 'USD')).toBe(1);
    expect(parseAmount('1000', 'JPY')).toBe(1000);
    expect(parseAmount('1.005', 'BHD')).toBe(1005);
    expect(parseAmount('999999999.99', 'USD')).toBe(99_999_999_999);
    expect(parseAmount('999999999', 'JPY')).toBe(999_999_999);
    expect(parseAmount('999999999.990', 'BHD')).toBe(999_999_999_990);
  });

  it.each([
    ['10.500', 'USD', '2 decimal places'],
    ['1.001', 'USD', '2 decimal places'],
    ['1000.0', 'JPY', 'no decimal places'],
    ['1.0001', 'BHD', '3 decimal places'],
    ['0', 'USD', 'greater than zero'],
    ['0.00', 'USD', 'greater than zero'],
    ['-1', 'USD', 'not a plain'],
    ['+1', 'USD', 'not a plain'],
    ['1e3', 'USD', 'not a plain'],
    [' 1', 'USD', 'not a plain'],
    ['1 ', 'USD', 'not a plain'],
    ['abc', 'USD', 'not a plain'],
    ['', 'USD', 'not a plain'],
    ['.5', 'USD', 'not a plain'],
    ['5.', 'USD', 'not a plain'],
    ['1,000.00', 'USD', 'not a plain'],
    ['Infinity', 'USD', 'not a plain'],
    ['1000000000', 'USD', 'maximum'],
    ['999999999.991', 'BHD', 'maximum'],
    ['1000000000', 'JPY', 'maximum'],
    ['99999999999999999999999999', 'USD', 'maximum'],
  ])('rejects %j %s', (value, currency, says) => {
    const error = moneyError(() => parseAmount(value, currency));
    expect(error.code).toBe('amount_invalid');
    expect(error.param).toBe('amount');
    expect(error.message).toContain(says);
  });

  it('rejects non-strings, naming the param', () => {
    for (const value of [125.5, 100, null, undefined, {}, ['1'], 10n]) {
      const error = moneyError(() => parseAmount(value, 'USD', 'capture.amount'));
      expect(error.code).toBe('amount_invalid');
      expect(error.param).toBe('capture.amount');
      expect(error.message).toContain('string');
    }
  });
});

describe('formatAmount', () => {
  it('renders exactly the currency decimals', () => {
    expect(formatAmount(12550, 'USD')).toBe('125.50');
    expect(formatAmount(1000, 'jpy')).toBe('1000');
    expect(formatAmount(1005, 'BHD')).toBe('1.005');
    expect(formatAmount(-500, 'USD')).toBe('-5.00');
    expect(formatAmount(0, 'USD')).toBe('0.00');
    expect(formatAmount(-0, 'USD')).toBe('0.00');
    expect(formatAmount(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90071992547409.91');
  });

  it('refuses non-integers and unsafe integers', () => {
    expect(() => formatAmount(1.5, 'USD')).toThrow(RangeError);
    expect(() => formatAmount(2 ** 53, 'USD')).toThrow(RangeError);
    expect(() => assertSafeMinor(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(assertSafeMinor(42)).toBe(42);
  });

  it('formats for display with our decimals', () => {
    expect(formatDisplay(123450, 'USD')).toBe('$1,234.50');
    expect(formatDisplay(1000, 'JPY')).toBe('¥1,000');
    expect(formatDisplay(1005, 'BHD')).toContain('1.005');
    expect(formatDisplay(-500, 'EUR', 'de-DE')).toMatch(/-5,00\s€/);
    // Exact beyond float precision: formatted from the decimal string.
    expect(formatDisplay(Number.MAX_SAFE_INTEGER, 'USD')).toBe('$90,071,992,547,409.91');
  });
});

describe('properties', () => {
  for (const exponent of [0, 2, 3] as const) {
    const currency = sample[exponent];

    it(`minor → format → parse is the identity for ${currency}`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: maxMinor[exponent] }), (minor) => {
          expect(parseAmount(formatAmount(minor, currency), currency)).toBe(minor);
        }),
      );
    });

    it(`format(parse(x)) = x for canonical ${currency} strings`, () => {
      const whole = fc.integer({ min: 0, max: 999_999_999 }).map(String);
      const fraction = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: exponent, maxLength: exponent });
      fc.assert(
        fc.property(whole, fraction, (w, f) => {
          const text = exponent === 0 ? w : `${w}.${f}`;
          fc.pre(!/^[0.]+$/.test(text));
          expect(formatAmount(parseAmount(text, currency), currency)).toBe(text);
        }),
      );
    });

    it(`too many decimals is always rejected for ${currency}`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 5 }), (w, extra) => {
          const text = `${w}.${'0'.repeat(exponent + extra - 1)}1`;
          expect(moneyError(() => parseAmount(text, currency)).code).toBe('amount_invalid');
        }),
      );
    });
  }

  it('every currency in the table round-trips its smallest unit', () => {
    for (const code of currencyCodes) {
      const smallest = currencies[code] === 0 ? '1' : `0.${'0'.repeat(currencies[code] - 1)}1`;
      expect(parseAmount(smallest, code.toLowerCase())).toBe(1);
      expect(formatAmount(1, code)).toBe(smallest);
    }
  });
});

describe('divideHalfEven', () => {
  it('rounds halves to the even neighbour and everything else to the nearest', () => {
    expect([5, 15, 25, 35].map((n) => divideHalfEven(n, 10))).toEqual([0, 2, 2, 4]);
    expect([14, 16, 26].map((n) => divideHalfEven(n, 10))).toEqual([1, 2, 3]);
    expect(divideHalfEven(0, 7)).toBe(0);
  });

  it('matches exact BigInt arithmetic for large operands', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), fc.integer({ min: 1, max: 2_000_000 }), (n, d) => {
        const q = BigInt(n) / BigInt(d);
        const r = BigInt(n) % BigInt(d);
        const expected = 2n * r > BigInt(d) || (2n * r === BigInt(d) && q % 2n === 1n) ? q + 1n : q;
        return divideHalfEven(n, d) === Number(expected);
      }),
    );
  });
});

describe('messages', () => {
  it('says exactly what is wrong and how to send it', () => {
    expect(moneyError(() => parseAmount('10.500', 'USD')).message).toBe(
      'Invalid amount: USD allows at most 2 decimal places. Send amount as a string in major units of USD with at most 2 decimal places, e.g. "125.50".',
    );
    expect(moneyError(() => parseAmount(12.5, 'usd', 'capture.amount')).message).toBe(
      'Invalid capture.amount: expected a string, got number. Send capture.amount as a string in major units of USD with at most 2 decimal places, e.g. "125.50".',
    );
    expect(moneyError(() => parseAmount('1000000000', 'USD')).message).toContain('the maximum per payment is 999999999.99 USD.');
    expect(moneyError(() => parseAmount('1000000000', 'JPY')).message).toContain('the maximum per payment is 999999999 JPY.');
    expect(moneyError(() => parseAmount('999999999.991', 'BHD')).message).toContain('the maximum per payment is 999999999.990 BHD.');
    expect(moneyError(() => normalizeCurrency('usdx')).message).toBe('Unsupported currency \'usdx\': use an ISO 4217 code such as "usd" or "EUR".');
  });

  it('names each problem for callers that word it themselves (the dashboard, reconciliation)', () => {
    const problem = (value: unknown, currency: 'USD' | 'JPY') => {
      const checked = checkAmount(value, currency);
      return checked.ok ? checked.minor : checked.problem;
    };
    expect(problem(1, 'USD')).toBe('not_string');
    expect(problem('1,5', 'USD')).toBe('not_decimal');
    expect(problem('1.5', 'JPY')).toBe('too_many_decimals');
    expect(problem('0.00', 'USD')).toBe('zero');
    expect(problem('1000000000', 'JPY')).toBe('over_maximum');
    expect(problem('999999999', 'JPY')).toBe(999_999_999);
  });
});

describe('ISO minor digits, never Intl’s', () => {
  // Intl's own defaults: HUF 0 decimals (ISO: 2), JPY 0, BHD 3, USD 2; ISK is 0 in ISO.
  it('parses and formats ISK, HUF, JPY, BHD and USD with their ISO decimals', () => {
    expect(parseAmount('1234', 'ISK')).toBe(1234);
    expect(moneyError(() => parseAmount('12.5', 'ISK')).message).toContain('ISK allows no decimal places');
    expect(parseAmount('1234.50', 'HUF')).toBe(123_450);
    expect(moneyError(() => parseAmount('1.001', 'HUF')).code).toBe('amount_invalid');
    expect(formatAmount(123_450, 'HUF')).toBe('1234.50');
    expect(formatAmount(1234, 'ISK')).toBe('1234');
  });

  it('displays them with exactly those decimals', () => {
    expect(formatMoney('1234.50', 'HUF')).toMatch(/^HUF\s1,234\.50$/);
    expect(formatMoney('0.01', 'HUF')).toMatch(/^HUF\s0\.01$/); // Intl alone would show "HUF 0"
    expect(formatMoney('1235', 'ISK')).toMatch(/^ISK\s1,235$/);
    expect(formatMoney('1000', 'JPY')).toBe('¥1,000');
    expect(formatMoney('1.005', 'BHD')).toMatch(/^BHD\s1\.005$/);
    expect(formatMoney('1234.50', 'USD')).toBe('$1,234.50');
    expect(formatMoney('-25.00', 'USD')).toBe('-$25.00');
    expect(formatMoney('0.000', 'BHD')).toMatch(/^BHD\s0\.000$/);
  });

  it('never rounds or drops a minor unit on screen, for any currency in the table', () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencyCodes), fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (code, minor) => {
        const digits = formatDisplay(minor, code).replace(/\D/g, '');
        expect(digits).toBe(String(Math.abs(minor)).padStart(currencies[code] + 1, '0'));
      }),
    );
  });
});

describe('decimalToMinor', () => {
  it('reads the API’s own amounts, signed and zero included', () => {
    expect(decimalToMinor('125.50', 'USD')).toBe(12_550);
    expect(decimalToMinor('-25.00', 'usd')).toBe(-2_500);
    expect(Object.is(decimalToMinor('-0.00', 'USD'), 0)).toBe(true);
    expect(decimalToMinor('1000', 'JPY')).toBe(1000);
    expect(decimalToMinor('1.005', 'BHD')).toBe(1005);
    expect(decimalToMinor('12.5', 'USD')).toBe(1250);
  });

  it('refuses what the API never writes', () => {
    for (const bad of ['1.001', '1e3', ' 1', '+1', '', '--1', '1.']) expect(() => decimalToMinor(bad, 'USD')).toThrow(RangeError);
    expect(() => decimalToMinor('1.5', 'JPY')).toThrow(RangeError);
    expect(() => decimalToMinor('99999999999999999999', 'USD')).toThrow(RangeError);
  });

  it('is the inverse of formatAmount for every safe integer', () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencyCodes), fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (code, minor) => {
        expect(decimalToMinor(formatAmount(minor, code), code)).toBe(minor || 0);
      }),
    );
  });
});

describe('compactMoneyFormatter', () => {
  it('labels axis ticks compactly in the currency', () => {
    const usd = compactMoneyFormatter('usd');
    expect([0, 5_000, 10_000, 12_500, 2_000_000].map(usd)).toEqual(['$0', '$5K', '$10K', '$12.5K', '$2M']);
    expect(compactMoneyFormatter('JPY')(56_000)).toBe('¥56K');
  });
});
