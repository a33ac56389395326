import { describe, expect, it } from 'vitest';
import { signWebhookPayload } from './sign-payload';
import { verifyWebhookSignature } from './verify-signature';

const secret = 'whsec_test_secret';
const body = JSON.stringify({ id: 'evt_1', type: 'payment.succeeded', data: { object: { id: 'pay_1', amount: '25.00' } } });
const now = Date.parse('2026-03-02T12:00:00Z');
const t = Math.floor(now / 1000);

describe('webhook signatures', () => {
  it('verifies a valid signature in the documented header format', () => {
    const header = signWebhookPayload(body, [secret], t);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(body, header, secret, { now })).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(body), header, secret, { now })).toBe(true);
  });

  it('rejects a tampered body, a wrong secret and malformed headers', () => {
    const header = signWebhookPayload(body, [secret], t);
    expect(verifyWebhookSignature(body.replace('25.00', '2500.00'), header, secret, { now })).toBe(false);
    expect(verifyWebhookSignature(body, header, 'whsec_other', { now })).toBe(false);
    expect(verifyWebhookSignature(body, null, secret, { now })).toBe(false);
    expect(verifyWebhookSignature(body, 'v1=abc', secret, { now })).toBe(false);
    expect(verifyWebhookSignature(body, `t=${t}`, secret, { now })).toBe(false);
    // The timestamp is signed too: moving it breaks the signature.
    expect(verifyWebhookSignature(body, header.replace(`t=${t}`, `t=${t + 1}`), secret, { now })).toBe(false);
  });

  it('rejects a timestamp more than 300 seconds away', () => {
    const stale = signWebhookPayload(body, [secret], t - 301);
    expect(verifyWebhookSignature(body, stale, secret, { now })).toBe(false);
    expect(verifyWebhookSignature(body, signWebhookPayload(body, [secret], t - 300), secret, { now })).toBe(true);
    expect(verifyWebhookSignature(body, signWebhookPayload(body, [secret], t + 301), secret, { now })).toBe(false);
    expect(verifyWebhookSignature(body, stale, secret, { now, toleranceSeconds: 600 })).toBe(true);
  });

  it('accepts either secret while a rolled secret is in its grace period', () => {
    const header = signWebhookPayload(body, ['whsec_new', 'whsec_old'], t);
    expect(header.split(',').filter((p) => p.startsWith('v1='))).toHaveLength(2);
    expect(verifyWebhookSignature(body, header, 'whsec_new', { now })).toBe(true);
    expect(verifyWebhookSignature(body, header, 'whsec_old', { now })).toBe(true);
    expect(verifyWebhookSignature(body, header, 'whsec_neither', { now })).toBe(false);
  });
});
