import { describe, expect, it } from 'vitest';
import { apiClient, card, cardPayment, newMerchant, suiteDb } from './api-client';
import { createApiKey, revokeApiKey } from '@/lib/security/api-keys';

describe('authentication', () => {
  it('refuses a missing, unknown or revoked key with 401 authentication_error', async () => {
    const missing = await apiClient(null).get('/payments');
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ type: 'authentication_error', code: 'api_key_missing' });
    expect(missing.body.error.request_id).toMatch(/^req_/);

    const unknown = await apiClient('sk_test_nope').get('/payments');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('api_key_invalid');

    const merchant = await newMerchant();
    const { key, secret } = await createApiKey(suiteDb(), merchant.merchantId, { role: 'owner' });
    expect((await apiClient(secret).get('/payments')).status).toBe(200);
    await revokeApiKey(suiteDb(), key.id);
    const revoked = await apiClient(secret).get('/payments');
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('api_key_revoked');
  });

  it('answers unknown routes with a 404 in the standard shape', async () => {
    const { api } = await newMerchant();
    const res = await api.get('/no_such_thing');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ type: 'not_found', code: 'route_missing' });
  });
});

describe('creating payments', () => {
  it('charges a test card, keeps only brand/last4/expiry/fingerprint, and credits the pending balance', async () => {
    const { api } = await newMerchant();
    const res = await api.post('/payments', cardPayment({ amount: '125.50', customer_id: 'cus_1', metadata: { order: '42' } }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'payment',
      amount: '125.50',
      currency: 'USD',
      status: 'success',
      method: 'credit_card',
      amount_captured: '125.50',
      amount_refunded: '0.00',
      customer_id: 'cus_1',
      metadata: { order: '42' },
      livemode: false,
      payment_details: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2099 },
    });
    expect(res.body.id).toMatch(/^pay_/);
    expect(res.body.payment_details.fingerprint).toMatch(/^fp_/);
    expect(res.text).not.toContain('4242424242424242');
    expect(res.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'payment.created',
      'risk.assessed',
      'payment.captured',
    ]);

    const fetched = await api.get(`/payments/${res.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.status).toBe('success');

    // 2.9% of 125.50 is 3.6395 → 3.64 (half-even), plus 0.30: the fee is 3.94.
    const balance = await api.get('/balance');
    expect(balance.body.pending).toEqual([{ amount: '121.56', currency: 'USD' }]);
  });

  it('records declines as failed payments with the processor code and moves no money', async () => {
    const { api } = await newMerchant();
    const declined = await api.post('/payments', cardPayment({ payment_details: card('4000000000000002') }));
    expect(declined.status).toBe(201);
    expect(declined.body).toMatchObject({ status: 'failed', failure_code: 'card_declined', amount_captured: '0.00' });
    const poor = await api.post('/payments', cardPayment({ payment_details: card('4000000000009995') }));
    expect(poor.body.failure_code).toBe('insufficient_funds');
    expect((await api.get('/balance')).body.pending).toEqual([]);
  });

  it.each([
    [{ amount: '10.001' }, 'amount_invalid', 'amount'],
    [{ amount: '0' }, 'amount_invalid', 'amount'],
    [{ amount: '-5.00' }, 'amount_invalid', 'amount'],
    [{ amount: 12.5 }, 'parameter_invalid', 'amount'],
    [{ amount: '1000000000.00' }, 'amount_invalid', 'amount'],
    [{ currency: 'XYZ' }, 'currency_invalid', 'currency'],
    [{ method: 'cheque' }, 'parameter_invalid', 'method'],
    [{ payment_details: card('4242424242424241') }, 'card_number_invalid', 'payment_details.number'],
    [{ payment_details: { ...card(), exp_year: 2001 } }, 'card_expiry_invalid', 'payment_details.exp_year'],
    [{ payment_details: { ...card(), cvc: '1' } }, 'card_cvc_invalid', 'payment_details.cvc'],
    [{ surprise: true }, 'parameter_invalid', undefined],
    [{ method: 'bank_transfer', payment_details: { account_number: '000123456789', routing_number: '110000001' } }, 'payment_details_invalid', 'payment_details.routing_number'],
    [{ method: 'digital_wallet', payment_details: { wallet: 'venmo', token: 'tok_visa' } }, 'payment_details_invalid', 'payment_details.wallet'],
    [{ method: 'crypto', payment_details: { network: 'ethereum', address: '0x12' } }, 'payment_details_invalid', 'payment_details.address'],
    [{ amount: undefined }, 'parameter_missing', 'amount'],
  ])('rejects %j with 400 %s and creates nothing', async (overrides, code, param) => {
    const { api } = await newMerchant();
    const res = await api.post('/payments', cardPayment(overrides));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.param).toBe(param);
    expect((await api.get('/payments')).body.data).toEqual([]);
  });

  it('rejects a body that is not JSON', async () => {
    const { api } = await newMerchant();
    const res = await api.post('/payments', '{"amount": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('json_invalid');
  });

  it('handles 0- and 3-decimal currencies in minor units', async () => {
    const { api } = await newMerchant();
    const yen = await api.post('/payments', cardPayment({ amount: '1500', currency: 'jpy' }));
    expect(yen.body).toMatchObject({ amount: '1500', currency: 'JPY', status: 'success' });
    expect((await api.post('/payments', cardPayment({ amount: '15.5', currency: 'JPY' }))).body.error.code).toBe('amount_invalid');
    const dinar = await api.post('/payments', cardPayment({ amount: '1.005', currency: 'BHD' }));
    expect(dinar.body).toMatchObject({ amount: '1.005', currency: 'BHD' });
  });
});

describe('capture and cancel', () => {
  it('authorizes, captures part, and refuses a second capture', async () => {
    const { api } = await newMerchant();
    const auth = await api.post('/payments', cardPayment({ amount: '80.00', capture: false }));
    expect(auth.body).toMatchObject({ status: 'requires_capture', amount_capturable: '80.00', amount_captured: '0.00' });
    expect((await api.get('/balance')).body.pending).toEqual([]);

    const tooMuch = await api.post(`/payments/${auth.body.id}/capture`, { amount: '90.00' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.code).toBe('capture_exceeds_authorized');

    const captured = await api.post(`/payments/${auth.body.id}/capture`, { amount: '60.00' });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ status: 'success', amount_captured: '60.00' });
    expect((await api.get('/balance')).body.pending).toEqual([{ amount: '57.96', currency: 'USD' }]); // 60.00 − 2.04 fee

    const again = await api.post(`/payments/${auth.body.id}/capture`);
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('payment_state_invalid');
  });

  it('cancels an authorization but not a captured payment', async () => {
    const { api } = await newMerchant();
    const auth = await api.post('/payments', cardPayment({ capture: false }));
    const cancelled = await api.post(`/payments/${auth.body.id}/cancel`, { reason: 'duplicate' });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await api.post(`/payments/${auth.body.id}/capture`)).body.error.code).toBe('payment_state_invalid');

    const paid = await api.post('/payments', cardPayment());
    const refused = await api.post(`/payments/${paid.body.id}/cancel`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('payment_state_invalid');
  });

  it('refuses manual capture for methods that cannot hold funds', async () => {
    const { api } = await newMerchant();
    const res = await api.post('/payments', {
      amount: '10.00',
      currency: 'USD',
      method: 'bank_transfer',
      capture: false,
      payment_details: { account_number: '000123456789', routing_number: '110000000' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('capture');
  });
});

describe('refunds', () => {
  it('adds partial refunds up and refuses more than remains, changing nothing', async () => {
    const { api } = await newMerchant();
    const paid = await api.post('/payments', cardPayment({ amount: '100.00' }));
    expect(paid.body).toMatchObject({ amount_captured: '100.00', fee: '3.20', net: '96.80' });
    const first = await api.post(`/payments/${paid.body.id}/refunds`, { amount: '30.00', reason: 'damaged' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ object: 'refund', amount: '30.00', status: 'succeeded', reason: 'damaged' });
    const over = await api.post(`/payments/${paid.body.id}/refunds`, { amount: '70.01' });
    expect(over.status).toBe(400);
    expect(over.body.error.code).toBe('refund_exceeds_remaining');
    const rest = await api.post(`/payments/${paid.body.id}/refunds`, {});
    expect(rest.body.amount).toBe('70.00');

    const payment = await api.get(`/payments/${paid.body.id}`);
    // The default policy keeps the 3.20 fee: the payment leaves the merchant 3.20 short.
    expect(payment.body).toMatchObject({ status: 'success', amount_refunded: '100.00', fee: '3.20', net: '-3.20' });
    expect(payment.body.refunds.data).toHaveLength(2);
    expect((await api.get(`/refunds/${first.body.id}`)).body.amount).toBe('30.00');
    // Refunds come out of the available balance at once (here it goes negative until the
    // charge's own funds become available); the fee is kept under the default policy.
    expect((await api.get('/balance')).body).toMatchObject({
      pending: [{ amount: '96.80', currency: 'USD' }],
      available: [{ amount: '-100.00', currency: 'USD' }],
    });
    expect((await api.post(`/payments/${paid.body.id}/refunds`, { amount: '0.01' })).body.error.code).toBe(
      'refund_exceeds_remaining',
    );
  });

  it('says what is still refundable and which actions the payment allows, in the detail and the list', async () => {
    const { api } = await newMerchant();
    const paid = await api.post('/payments', cardPayment({ amount: '100.00' }));
    expect(paid.body).toMatchObject({ refundable: '100.00', available_actions: ['refund'] });
    await api.post(`/payments/${paid.body.id}/refunds`, { amount: '30.00' });
    expect((await api.get(`/payments/${paid.body.id}`)).body).toMatchObject({ refundable: '70.00', available_actions: ['refund'] });

    const authorized = await api.post('/payments', cardPayment({ amount: '1000', currency: 'JPY', capture: false }));
    expect(authorized.body).toMatchObject({ status: 'requires_capture', refundable: '0', available_actions: ['capture', 'cancel'] });
    const declined = await api.post('/payments', cardPayment({ payment_details: card('4000000000000002') }));
    expect(declined.body).toMatchObject({ status: 'failed', refundable: '0.00', available_actions: [] });

    await api.post(`/payments/${paid.body.id}/refunds`, {});
    const list = await api.get('/payments');
    const byId = Object.fromEntries(list.body.data.map((p: { id: string; refundable: string; available_actions: string[] }) => [p.id, p]));
    expect(byId[paid.body.id]).toMatchObject({ refundable: '0.00', available_actions: [] });
    expect(byId[authorized.body.id]).toMatchObject({ refundable: '0', available_actions: ['capture', 'cancel'] });
    expect(list.body.data[0]).not.toHaveProperty('refunds');
  });

  it('refuses to refund a payment that did not succeed', async () => {
    const { api } = await newMerchant();
    const declined = await api.post('/payments', cardPayment({ payment_details: card('4000000000000002') }));
    const res = await api.post(`/payments/${declined.body.id}/refunds`, {});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('payment_state_invalid');
  });

  it('never lets 20 concurrent partial refunds exceed the payment', async () => {
    const { api } = await newMerchant();
    const paid = await api.post('/payments', cardPayment({ amount: '100.00' }));
    const results = await Promise.all(
      Array.from({ length: 20 }, () => api.post(`/payments/${paid.body.id}/refunds`, { amount: '7.00' })),
    );
    const ok = results.filter((r) => r.status === 201);
    expect(ok).toHaveLength(14); // 14 × 7.00 = 98.00; a 15th would pass 100.00
    expect(results.filter((r) => r.status === 400).every((r) => r.body.error.code === 'refund_exceeds_remaining')).toBe(true);
    expect((await api.get(`/payments/${paid.body.id}`)).body.amount_refunded).toBe('98.00');
  });
});

describe('asynchronous methods', () => {
  const bank = (account_number: string) => ({
    amount: '40.00',
    currency: 'EUR',
    method: 'bank_transfer',
    payment_details: { account_number, routing_number: '110000000' },
  });

  it('leaves a bank transfer processing until the test helper advances it', async () => {
    const { api } = await newMerchant();
    const created = await api.post('/payments', bank('000123456789'));
    expect(created.body.status).toBe('processing');
    const advanced = await api.post(`/test_helpers/payments/${created.body.id}/advance`);
    expect(advanced.body).toMatchObject({ status: 'success', amount_captured: '40.00' });
    expect((await api.post(`/test_helpers/payments/${created.body.id}/advance`)).body.error.code).toBe('payment_state_invalid');

    const failing = await api.post('/payments', bank('000111111116'));
    const failed = await api.post(`/test_helpers/payments/${failing.body.id}/advance`);
    expect(failed.body).toMatchObject({ status: 'failed', failure_code: 'account_closed' });
  });

  it('lets the background worker settle crypto payments after the delay', async () => {
    const { api } = await newMerchant();
    const created = await api.post('/payments', {
      amount: '12.00',
      currency: 'USD',
      method: 'crypto',
      payment_details: { network: 'ethereum', address: '0x71C7656EC7ab88b098defB751B7401B5f6d8976F' },
    });
    expect(created.body.status).toBe('processing');
    await expect
      .poll(async () => (await api.get(`/payments/${created.body.id}`)).body.status, { timeout: 10_000, interval: 200 })
      .toBe('success');
  });
});

describe('idempotency', () => {
  it('replays the stored response byte for byte and refuses a different body', async () => {
    const { api } = await newMerchant();
    const headers = { 'idempotency-key': 'order-1' };
    const first = await api.post('/payments', cardPayment(), headers);
    const again = await api.post('/payments', cardPayment(), headers);
    expect(again.status).toBe(first.status);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const other = await api.post('/payments', cardPayment({ amount: '99.00' }), headers);
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_reused' });
    expect((await api.get('/payments')).body.data).toHaveLength(1);
  });

  it('refuses an empty or overlong key', async () => {
    const { api } = await newMerchant();
    const res = await api.post('/payments', cardPayment(), { 'idempotency-key': 'k'.repeat(256) });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_invalid' });
    expect((await api.get('/payments')).body.data).toEqual([]);
  });

  it('creates one payment for 20 concurrent requests with one key', async () => {
    const { api } = await newMerchant();
    const headers = { 'idempotency-key': 'concurrent-1' };
    const results = await Promise.all(Array.from({ length: 20 }, () => api.post('/payments', cardPayment(), headers)));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect((await api.get('/payments')).body.data).toHaveLength(1);
  });
});

describe('tenant isolation', () => {
  it("never shows or changes another merchant's payment", async () => {
    const a = await newMerchant('A');
    const b = await newMerchant('B');
    const paid = await a.api.post('/payments', cardPayment());
    const refund = await a.api.post(`/payments/${paid.body.id}/refunds`, { amount: '1.00' });
    for (const res of [
      await b.api.get(`/payments/${paid.body.id}`),
      await b.api.post(`/payments/${paid.body.id}/refunds`, {}),
      await b.api.post(`/payments/${paid.body.id}/cancel`),
      await b.api.get(`/refunds/${refund.body.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('resource_missing');
    }
    expect((await b.api.get('/payments')).body.data).toEqual([]);
    expect((await a.api.get(`/payments/${paid.body.id}`)).body.amount_refunded).toBe('1.00');
  });
});

describe('listing', () => {
  it('pages through every payment newest first with no duplicate or missing row', async () => {
    const { api } = await newMerchant();
    const created: string[] = [];
    for (let i = 0; i < 23; i++) created.push((await api.post('/payments', cardPayment({ customer_id: `cus_${i % 3}` }))).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(`/payments?limit=5${cursor ? `&starting_after=${cursor}` : ''}`);
      seen.push(...page.body.data.map((p: { id: string }) => p.id));
      cursor = page.body.has_more ? page.body.next_cursor : null;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());

    const filtered = await api.get('/payments?customer_id=cus_1&limit=100');
    expect(filtered.body.data).toHaveLength(8);
    const searched = await api.get(`/payments?q=${created[4]}`);
    expect(searched.body.data.map((p: { id: string }) => p.id)).toEqual([created[4]]);
    const bad = await api.get('/payments?limit=500');
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('limit');
  });
});
