import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRate, divideHalfEven, multiplyDivideHalfEven, rescaleHalfEven } from './arithmetic';

/** The reference: exact rational arithmetic, rounding half to even, written the long way. */
function halfEvenReference(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const floor = n / denominator;
  const twice = 2n * (n - floor * denominator);
  const rounded = twice > denominator || (twice === denominator && floor % 2n === 1n) ? floor + 1n : floor;
  return negative ? -rounded : rounded;
}

const safe = fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 });

describe('half-even division', () => {
  it('sends halves to the even neighbour, symmetrically for negatives', () => {
    expect([5, 15, 25, 35, 45].map((n) => divideHalfEven(n, 10))).toEqual([0, 2, 2, 4, 4]);
    expect([-5, -15, -25].map((n) => divideHalfEven(n, 10))).toEqual([0, -2, -2]);
    expect([14, 16, -16].map((n) => divideHalfEven(n, 10))).toEqual([1, 2, -2]);
    expect(() => divideHalfEven(1, 0)).toThrow(RangeError);
  });

  it('matches the reference for any operands, with products far past 2^53', () => {
    fc.assert(
      fc.property(safe, fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 2 ** 40 }), (amount, multiplier, divisor) => {
        const expected = halfEvenReference(BigInt(amount) * BigInt(multiplier), BigInt(divisor));
        fc.pre(expected >= BigInt(Number.MIN_SAFE_INTEGER) && expected <= BigInt(Number.MAX_SAFE_INTEGER));
        expect(multiplyDivideHalfEven(amount, multiplier, divisor)).toBe(Number(expected));
      }),
    );
  });

  it('is never more than half a unit away from the exact quotient', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), fc.integer({ min: 1, max: 2_000_000 }), (n, d) => {
        const q = BigInt(divideHalfEven(n, d));
        const error = 2n * (BigInt(n) - q * BigInt(d)); // 2 × (exact − rounded) × d
        expect(error <= BigInt(d) && error >= -BigInt(d)).toBe(true);
      }),
    );
  });

  it('refuses a result that is not a safe integer rather than rounding it', () => {
    expect(() => multiplyDivideHalfEven(2 ** 52, 4, 1)).toThrow(RangeError);
  });
});

describe('applyRate', () => {
  it('takes basis points, parts per million or a decimal rate, and rounds half-even in minor units', () => {
    expect(applyRate(10_000, { basisPoints: 290 })).toBe(290); // 2.9% of 100.00
    expect(applyRate(12_550, { ppm: 29_000 })).toBe(364); // 363.95
    expect(applyRate(50, { decimal: '0.029' })).toBe(1); // 1.45
    expect(applyRate(150, { decimal: '0.029' })).toBe(4); // 4.35
    expect(applyRate(1_250, { basisPoints: 100 })).toBe(12); // 12.5 → 12 (even)
    expect(applyRate(1_350, { basisPoints: 100 })).toBe(14); // 13.5 → 14 (even)
    expect(applyRate(999_999_999_990, { ppm: 29_000 })).toBe(29_000_000_000); // 28,999,999,999.71: the product is past 2^53
    expect(() => applyRate(100, { decimal: '2.9%' })).toThrow(RangeError);
  });

  it('gives the same answer for the same rate in any of its three forms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_990 }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const decimal = `${Math.floor(bp / 10_000)}.${String(bp % 10_000).padStart(4, '0')}`;
        const byBp = applyRate(amount, { basisPoints: bp });
        expect(applyRate(amount, { ppm: bp * 100 })).toBe(byBp);
        expect(applyRate(amount, { decimal })).toBe(byBp);
        expect(byBp).toBe(Number(halfEvenReference(BigInt(amount) * BigInt(bp), 10_000n)));
      }),
    );
  });
});

describe('rescaleHalfEven', () => {
  it('moves between decimal scales exactly, rounding half-even when it drops digits', () => {
    expect(rescaleHalfEven(300, 3, 2)).toBe(30); // 0.300 → 30 cents
    expect(rescaleHalfEven(300, 3, 0)).toBe(0); // 0.30 JPY → 0 yen
    expect(rescaleHalfEven(500, 3, 0)).toBe(0); // 0.5 → 0 (even)
    expect(rescaleHalfEven(1_500, 3, 0)).toBe(2); // 1.5 → 2 (even)
    expect(rescaleHalfEven(305, 3, 2)).toBe(30); // 30.5 → 30
    expect(rescaleHalfEven(315, 3, 2)).toBe(32); // 31.5 → 32
    expect(rescaleHalfEven(300, 3, 3)).toBe(300);
    expect(rescaleHalfEven(30, 2, 3)).toBe(300);
  });

  it('up then down is the identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), fc.constantFrom(0, 2, 3), (amount, exponent) => {
        expect(rescaleHalfEven(rescaleHalfEven(amount, exponent, 3), 3, exponent)).toBe(amount);
      }),
    );
  });
});
