import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardBrand, luhnValid, validateCard } from './card';

/** The digit that makes `payload` + digit pass Luhn. */
function checkDigit(payload: string): string {
  for (let d = 0; d < 10; d++) if (luhnValid(payload + d)) return String(d);
  throw new Error('unreachable');
}

const payloads = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 11, maxLength: 18 });

describe('luhnValid', () => {
  it('accepts numbers built with a correct check digit', () => {
    fc.assert(fc.property(payloads, (payload) => luhnValid(payload + checkDigit(payload))));
  });

  it('rejects any single-digit change', () => {
    fc.assert(
      fc.property(payloads, fc.nat(), fc.integer({ min: 1, max: 9 }), (payload, at, shift) => {
        const number = payload + checkDigit(payload);
        const i = at % number.length;
        const changed = number.slice(0, i) + ((Number(number[i]) + shift) % 10) + number.slice(i + 1);
        expect(luhnValid(changed)).toBe(false);
      }),
    );
  });

  it('generated valid numbers pass full card validation', () => {
    const now = new Date('2026-06-15T00:00:00Z');
    fc.assert(
      fc.property(payloads, (payload) => {
        const number = payload + checkDigit(payload);
        const cvc = cardBrand(number) === 'amex' ? '1234' : '123';
        expect(validateCard({ number, exp_month: 1, exp_year: 2030, cvc }, now).last4).toBe(number.slice(-4));
      }),
    );
  });
});

describe('cardBrand', () => {
  it.each([
    ['4242424242424242', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['2221000000000009', 'mastercard'],
    ['2720990000000007', 'mastercard'],
    ['2721000000000000', 'unknown'],
    ['378282246310005', 'amex'],
    ['341111111111111', 'amex'],
    ['6011111111111117', 'discover'],
    ['6500000000000002', 'discover'],
    ['9999999999999995', 'unknown'],
  ])('%s is %s', (number, brand) => {
    expect(cardBrand(number)).toBe(brand);
  });
});
