import { describe, expect, it } from 'vitest';
import { seal, unseal } from './encryption';

describe('field encryption', () => {
  it('round-trips, never repeats a ciphertext, and refuses a tampered one', () => {
    const secret = JSON.stringify({ number: '4242424242424242', cvc: '123' });
    const a = seal(secret);
    const b = seal(secret);
    expect(a).not.toBe(b);
    expect(a).not.toContain('4242');
    expect(unseal(a)).toBe(secret);
    const parts = a.split('.');
    const flipped = Buffer.from(parts[4], 'base64url');
    flipped[0] ^= 1;
    parts[4] = flipped.toString('base64url');
    expect(() => unseal(parts.join('.'))).toThrow();
  });
});
