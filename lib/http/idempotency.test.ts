import { describe, expect, it } from 'vitest';
import { dbWithMerchant } from '@/tests/test-db';
import { IDEMPOTENCY_TTL_MS, purgeExpiredIdempotencyKeys, requestFingerprint, withIdempotency } from './idempotency';

describe('idempotency keys', () => {
  it('treats bodies that differ only in key order as the same request', () => {
    const a = requestFingerprint('POST', '/api/v1/payments', { amount: '1.00', metadata: { a: '1', b: '2' } });
    const b = requestFingerprint('POST', '/api/v1/payments', { metadata: { b: '2', a: '1' }, amount: '1.00' });
    expect(a).toBe(b);
    expect(requestFingerprint('POST', '/api/v1/payments', { amount: '1.01' })).not.toBe(a);
    expect(requestFingerprint('POST', '/api/v1/refunds', { amount: '1.00', metadata: { a: '1', b: '2' } })).not.toBe(a);
  });

  it('runs the request once, does not remember server errors, and forgets keys after 24 hours', async () => {
    const { db, merchantId } = await dbWithMerchant();
    let runs = 0;
    const args = { merchantId, key: 'k1', hash: 'h1' };
    const ok = async () => ({ status: 201, body: `{"run":${++runs}}` });
    expect(await withIdempotency(db, args, ok)).toEqual({ status: 201, body: '{"run":1}', replayed: false });
    expect(await withIdempotency(db, args, ok)).toEqual({ status: 201, body: '{"run":1}', replayed: true });

    const failing = { ...args, key: 'k2' };
    await withIdempotency(db, failing, async () => ({ status: 500, body: 'boom' }));
    expect(await withIdempotency(db, failing, ok)).toMatchObject({ body: '{"run":2}', replayed: false });

    expect(await purgeExpiredIdempotencyKeys(db, Date.now() + IDEMPOTENCY_TTL_MS + 1)).toBe(2);
    expect(await withIdempotency(db, args, ok)).toMatchObject({ body: '{"run":3}', replayed: false });
  });
});
