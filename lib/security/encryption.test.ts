import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derivedKey } from './derived-keys';
import { seal, unseal } from './encryption';

describe('field encryption', () => {
  it('round-trips, never repeats a ciphertext, and refuses a tampered one', () => {
    const secret = JSON.stringify({ number: '4242424242424242', cvc: '123' });
    const a = seal(secret, 'payments.sealed_details.pay_1');
    const b = seal(secret, 'payments.sealed_details.pay_1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('4242');
    expect(unseal(a, 'payments.sealed_details.pay_1')).toBe(secret);
    const parts = a.split('.');
    const flipped = Buffer.from(parts[4], 'base64url');
    flipped[0] ^= 1;
    parts[4] = flipped.toString('base64url');
    expect(() => unseal(parts.join('.'), 'payments.sealed_details.pay_1')).toThrow();
  });

  it('opens a value only where it was sealed: another row or column is refused', () => {
    const sealed = seal('whsec_abc', 'webhook_endpoints.secret.we_1');
    expect(() => unseal(sealed, 'webhook_endpoints.secret.we_2')).toThrow();
    expect(() => unseal(sealed, 'payments.sealed_details.we_1')).toThrow();
  });

  it('refuses a truncated authentication tag', () => {
    const parts = seal('x', 'c').split('.');
    parts[3] = Buffer.from(parts[3], 'base64url').subarray(0, 4).toString('base64url');
    expect(() => unseal(parts.join('.'), 'c')).toThrow(/tag length/);
  });

  it('still opens values sealed before contexts existed (v1)', () => {
    // The v1 format exactly as it was written: the field-encryption key, no additional data.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', derivedKey('field-encryption'), iv);
    const ciphertext = Buffer.concat([cipher.update('legacy', 'utf8'), cipher.final()]);
    const v1 = ['v1', 'k0', iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    expect(unseal(v1, 'anything')).toBe('legacy');
  });
});
