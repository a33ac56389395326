import { describe, expect, it } from 'vitest';
import { card, cardPayment, newMerchant } from './api-client';

type Api = Awaited<ReturnType<typeof newMerchant>>['api'];

/** A merchant whose review threshold (0.3) sends any payment above 10,000 to review. */
async function strictMerchant() {
  const merchant = await newMerchant();
  const settings = await merchant.api.post('/risk/settings', { review_threshold: 0.3 });
  expect(settings.body).toMatchObject({ object: 'risk_settings', review_threshold: 0.3, block_threshold: 0.8 });
  return merchant;
}

async function heldPayment(api: Api, overrides: Record<string, unknown> = {}) {
  const res = await api.post('/payments', cardPayment({ amount: '10000.01', customer_id: 'cus_big', ...overrides }));
  expect(res.body.status).toBe('pending');
  expect(res.body.review).toMatchObject({ status: 'open' });
  return res.body;
}

describe('risk assessment', () => {
  it('adds the large-amount factor above 10,000 of the reference currency (USD), recording the rate', async () => {
    const { api } = await newMerchant();
    const res = await api.post('/payments', cardPayment({ amount: '10000.01' }));
    expect(res.body.risk).toMatchObject({ score: 0.3, level: 'normal', recommendation: 'approve' });
    expect(res.body.risk.factors).toEqual([
      { rule: 'large_amount', score: 0.3, reason: 'Amount $10,000.01 is above $10,000', fx: { from: 'USD', to: 'USD', rate: '1', amount: '10000.01' } },
    ]);
    const small = await api.post('/payments', cardPayment({ amount: '10000.00' }));
    expect(small.body.risk.factors).toEqual([]);
  });

  it('holds a fast-repeating customer for review and then blocks them', async () => {
    const { api } = await newMerchant();
    const statuses: string[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push((await api.post('/payments', cardPayment({ customer_id: 'cus_fast' }))).body.status);
    }
    expect(statuses.slice(0, 18)).toEqual(Array(18).fill('success'));
    expect(statuses.slice(18, 21)).toEqual(['pending', 'pending', 'pending']);
    expect(statuses.slice(21)).toEqual(['failed', 'failed', 'failed', 'failed']);
    const blocked = await api.get('/payments?status=failed&limit=1');
    expect(blocked.body.data[0]).toMatchObject({ failure_code: 'risk_blocked' });
    expect(blocked.body.data[0].risk).toMatchObject({ recommendation: 'block', level: 'high' });

    const queue = await api.get('/reviews');
    expect(queue.body.data).toHaveLength(3);
    expect(queue.body.data[0]).toMatchObject({ object: 'review', status: 'open' });
    expect(queue.body.data[0].payment.risk.factors.map((f: { rule: string }) => f.rule)).toContain('customer_velocity_10m');
    expect(queue.body.data[0].customer_history).toMatchObject({ customer_id: 'cus_fast', previous_payments: 20, succeeded: 18 });
  });

  it('takes the client IP from ip_address or X-Forwarded-For and compares it with the card country', async () => {
    const { api } = await newMerchant();
    const viaField = await api.post('/payments', cardPayment({ ip_address: '203.0.113.7' }));
    expect(viaField.body.ip_address).toBe('203.0.113.7');
    expect(viaField.body.risk.factors).toContainEqual(expect.objectContaining({ rule: 'ip_country_mismatch' }));
    const viaHeader = await api.post('/payments', cardPayment(), { 'x-forwarded-for': '203.0.113.8, 10.0.0.1' });
    expect(viaHeader.body.ip_address).toBe('203.0.113.8');
    const brazilianCard = await api.post('/payments', cardPayment({ payment_details: card('4000000760000002') }), {
      'x-forwarded-for': '203.0.113.8',
    });
    expect(brazilianCard.body.risk.factors).toEqual([]);
  });
});

describe('review queue', () => {
  it('approves a held payment: it reaches the processor and the ledger', async () => {
    const { api, apiKeyId } = await strictMerchant();
    const held = await heldPayment(api);
    expect((await api.get('/balance')).body.pending).toEqual([]);

    const approved = await api.post(`/reviews/${held.review.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decided_by: apiKeyId });
    expect(approved.body.decided_at).not.toBeNull();
    expect(approved.body.payment).toMatchObject({ status: 'success', amount_captured: '10000.01' });
    expect((await api.get('/balance')).body.pending).toEqual([{ amount: '9709.71', currency: 'USD' }]); // less the 290.30 fee

    const timeline = (await api.get(`/payments/${held.id}`)).body.timeline.map((e: { type: string }) => e.type);
    expect(timeline).toEqual(['payment.created', 'risk.assessed', 'payment.review_required', 'review.approved', 'payment.captured']);

    for (const action of ['approve', 'reject']) {
      const again = await api.post(`/reviews/${held.review.id}/${action}`, action === 'reject' ? { reason: 'late' } : {});
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe('review_already_decided');
    }
  });

  it('ends an approved payment as the processor decides: a declined card fails', async () => {
    const { api } = await strictMerchant();
    const held = await heldPayment(api, { payment_details: card('4000000000000002') });
    const approved = await api.post(`/reviews/${held.review.id}/approve`);
    expect(approved.body.payment).toMatchObject({ status: 'failed', failure_code: 'card_declined' });
    expect((await api.get('/balance')).body.pending).toEqual([]);
  });

  it('rejects a held payment: cancelled with the reason, no money moves', async () => {
    const { api } = await strictMerchant();
    const held = await heldPayment(api);
    const missingReason = await api.post(`/reviews/${held.review.id}/reject`, {});
    expect(missingReason.status).toBe(400);
    expect(missingReason.body.error.param).toBe('reason');

    const rejected = await api.post(`/reviews/${held.review.id}/reject`, { reason: 'Stolen card suspected' });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Stolen card suspected' });
    expect(rejected.body.payment.status).toBe('cancelled');
    expect((await api.get('/balance')).body.pending).toEqual([]);
    expect((await api.get('/reviews?status=open')).body.data).toEqual([]);
    expect((await api.get('/reviews?status=rejected')).body.data.map((r: { id: string }) => r.id)).toEqual([held.review.id]);
  });

  it('closes the review when the held payment is cancelled', async () => {
    const { api } = await strictMerchant();
    const held = await heldPayment(api);
    expect((await api.post(`/payments/${held.id}/cancel`, { reason: 'customer changed mind' })).body.status).toBe('cancelled');
    expect((await api.get(`/reviews/${held.review.id}`)).body).toMatchObject({ status: 'rejected' });
    expect((await api.post(`/reviews/${held.review.id}/approve`)).body.error.code).toBe('review_already_decided');
  });

  it("hides another merchant's reviews", async () => {
    const { api } = await strictMerchant();
    const other = await newMerchant();
    const held = await heldPayment(api);
    expect((await other.api.get(`/reviews/${held.review.id}`)).status).toBe(404);
    expect((await other.api.post(`/reviews/${held.review.id}/approve`)).status).toBe(404);
    expect((await other.api.get('/reviews')).body.data).toEqual([]);
    expect((await api.get(`/reviews/${held.review.id}`)).body.status).toBe('open');
  });
});

describe('block and allow lists', () => {
  it('fails a payment whose customer, email or card is on the block list', async () => {
    const { api } = await newMerchant();
    const first = await api.post('/payments', cardPayment({ payment_details: card('5555555555554444') }));
    for (const [kind, value] of [
      ['customer_id', 'cus_fraud'],
      ['email', 'Fraud@Example.com'],
      ['card_fingerprint', first.body.payment_details.fingerprint],
    ]) {
      const entry = await api.post('/risk/lists', { list: 'block', kind, value, reason: 'chargebacks' });
      expect(entry.status).toBe(201);
    }
    const byCustomer = await api.post('/payments', cardPayment({ customer_id: 'cus_fraud' }));
    expect(byCustomer.body).toMatchObject({ status: 'failed', failure_code: 'risk_blocked' });
    expect(byCustomer.body.risk.factors).toContainEqual(expect.objectContaining({ rule: 'block_list', score: 1 }));
    const byEmail = await api.post('/payments', cardPayment({ customer_email: 'fraud@example.COM' }));
    expect(byEmail.body.failure_code).toBe('risk_blocked');
    const byCard = await api.post('/payments', cardPayment({ payment_details: card('5555555555554444') }));
    expect(byCard.body.failure_code).toBe('risk_blocked');
    expect((await api.post('/payments', cardPayment())).body.status).toBe('success');

    const entries = await api.get('/risk/lists?list=block');
    expect(entries.body.data).toHaveLength(3);
    const removed = await api.request('DELETE', `/risk/lists/${entries.body.data[0].id}`);
    expect(removed.body).toMatchObject({ deleted: true });
    expect((await api.post('/payments', cardPayment({ customer_id: 'cus_fraud' }))).body.status).toBe('success');
  });

  it('lets an allow-listed customer skip review, but not a block', async () => {
    const { api } = await strictMerchant();
    await api.post('/risk/lists', { list: 'allow', kind: 'customer_id', value: 'cus_vip' });
    const vip = await api.post('/payments', cardPayment({ amount: '10000.01', customer_id: 'cus_vip' }));
    expect(vip.body.status).toBe('success');
    expect(vip.body.risk.factors).toContainEqual(expect.objectContaining({ rule: 'allow_list' }));

    const conflicting = await api.post('/risk/lists', { list: 'block', kind: 'customer_id', value: 'cus_vip' });
    expect(conflicting.status).toBe(400);
    const badKind = await api.post('/risk/lists', { list: 'block', kind: 'shoe_size', value: '44' });
    expect(badKind.body.error).toMatchObject({ code: 'parameter_invalid', param: 'kind' });
  });
});

describe('risk settings', () => {
  it('refuses thresholds that contradict each other', async () => {
    const { api } = await newMerchant();
    const res = await api.post('/risk/settings', { review_threshold: 0.9, block_threshold: 0.5 });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('block_threshold');
    expect((await api.get('/risk/settings')).body).toMatchObject({ review_threshold: 0.7, block_threshold: 0.8 });
  });
});
