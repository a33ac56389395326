import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertViaBase, crossRate, isValidRate } from './convert';
import { formatWholeUnits } from './format-amount';

describe('convertViaBase', () => {
  it('converts through the base currency, between minor units of different exponents', () => {
    expect(convertViaBase(56_220, 'JPY', '0.0067', 'USD', '1')).toBe(37_667); // ¥56,220 ≈ $376.67
    expect(convertViaBase(2_004_200, 'JPY', '0.0067', 'USD', '1')).toBe(1_342_814);
    expect(convertViaBase(1_000_000, 'USD', '1', 'JPY', '0.0067')).toBe(1_492_537); // $10,000 ≈ ¥1,492,537
    expect(convertViaBase(10_000, 'EUR', '1.08', 'BHD', '2.6596')).toBe(40_608); // €100 ≈ BHD 40.6076 → 40.608
    expect(convertViaBase(1_000_000, 'USD', '1', 'EUR', '1.08')).toBe(925_926);
  });

  it('rounds half-even, once', () => {
    // 1 cent at 0.5 is exactly half a cent: to the even neighbour, 0; 3 cents → 1.5 → 2.
    expect(convertViaBase(1, 'EUR', '0.5', 'USD', '1')).toBe(0);
    expect(convertViaBase(3, 'EUR', '0.5', 'USD', '1')).toBe(2);
    expect(convertViaBase(5, 'EUR', '0.5', 'USD', '1')).toBe(2);
  });

  it('is exact where floats are not', () => {
    // 0.1 + 0.2-style trouble: 3 × 1.1 = 3.3 exactly, not 3.3000000000000003.
    expect(convertViaBase(300, 'EUR', '1.1', 'USD', '1')).toBe(330);
    // Past 2^53 in the intermediate product, still exact.
    expect(convertViaBase(99_999_999_999, 'USD', '1', 'KWD', '3.25')).toBe(307_692_307_689);
  });

  it('is the identity at a rate of 1 and monotonic in the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (a, b) => {
        expect(convertViaBase(a, 'USD', '1', 'USD', '1')).toBe(a);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(convertViaBase(lo, 'JPY', '0.0067', 'USD', '1')).toBeLessThanOrEqual(convertViaBase(hi, 'JPY', '0.0067', 'USD', '1'));
      }),
    );
  });

  it('refuses rates that are not plain positive decimals', () => {
    for (const bad of ['0', '0.000', '-1', '1e3', '1,08', '', 'abc', '1.0000000000001']) {
      expect(isValidRate(bad), bad).toBe(false);
      expect(() => convertViaBase(100, 'EUR', bad, 'USD', '1')).toThrow(RangeError);
    }
    expect(isValidRate('1.08')).toBe(true);
  });
});

describe('crossRate and formatWholeUnits', () => {
  it('shows a readable rate and a rounded approximation', () => {
    expect(crossRate('0.0067', '1')).toBe('0.0067');
    expect(crossRate('1', '1.08')).toBe('0.92592593');
    expect(crossRate('1.27', '1.27')).toBe('1');
    expect(formatWholeUnits(1_342_814, 'USD')).toBe('$13,428');
    expect(formatWholeUnits(1_342_850, 'USD')).toBe('$13,428'); // half-even: .50 on an even dollar stays
    expect(formatWholeUnits(5_000_000, 'USD')).toBe('$50,000');
    expect(formatWholeUnits(2_004_200, 'JPY')).toBe('¥2,004,200');
  });
});
