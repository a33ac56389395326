import { describe, expect, it } from 'vitest';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { apiClient, cardPayment, newMerchant, signInAs, suiteDb } from './api-client';

describe('cursor-paged lists', () => {
  it('refuse a starting_after that is not an id of the list, and page with one that is', async () => {
    const { api } = await newMerchant('Cursor merchant');
    for (let i = 0; i < 3; i++) expect((await api.post('/payments', cardPayment())).status).toBe(201);
    const endpoint = await api.post('/webhook_endpoints', { url: 'https://example.com/hooks', enabled_events: ['*'] });
    const lists = ['/payments', '/payouts', '/balance_transactions', '/reviews', '/events', '/reconciliation/runs', `/webhook_endpoints/${endpoint.body.id}/deliveries`];
    for (const list of lists) {
      const refused = await api.get(`${list}?starting_after=pay_doesnotexist`);
      expect(refused.status, list).toBe(400);
      expect(refused.body.error, list).toMatchObject({ code: 'parameter_invalid', param: 'starting_after' });
    }

    const first = await api.get('/payments?limit=2');
    expect(first.body).toMatchObject({ has_more: true, next_cursor: first.body.data[1].id });
    const second = await api.get(`/payments?limit=2&starting_after=${first.body.next_cursor}`);
    expect(second.status).toBe(200);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.has_more).toBe(false);
  });

  it("refuse another merchant's id as a cursor", async () => {
    const { api: other } = await newMerchant('Other merchant');
    const theirs = await other.post('/payments', cardPayment());
    const { api } = await newMerchant('Cursor merchant 2');
    const refused = await api.get(`/payments?starting_after=${theirs.body.id}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('parameter_invalid');
  });
});

describe('request log', () => {
  it("records key calls and the dashboard's changes, not the dashboard's own reads", async () => {
    const created = await createMerchant(suiteDb(), { name: 'Log merchant', owner: { email: 'log.owner@shop.test', password: 'log owner password' } });
    const owner = await signInAs('log.owner@shop.test', 'log owner password');
    const key = apiClient(created.secretKey);
    expect((await key.get('/payments?limit=7')).status).toBe(200);
    expect((await owner.get('/payments?limit=9')).status).toBe(200);
    expect((await owner.post('/payments', cardPayment())).status).toBe(201);
    // Written in the background: wait for the dashboard's POST, which comes after both reads.
    await expect
      .poll(async () => (await key.get('/request_logs')).body.data.map((r: { method: string; path: string }) => `${r.method} ${r.path}`), { timeout: 5_000 })
      .toContain('POST /api/v1/payments');
    const paths = (await key.get('/request_logs')).body.data.map((r: { path: string }) => r.path);
    expect(paths).toContain('/api/v1/payments?limit=7');
    expect(paths).not.toContain('/api/v1/payments?limit=9');
  });
});
