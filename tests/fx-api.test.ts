import { describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/security/api-keys';
import { apiClient, cardPayment, newMerchant, suiteDb } from './api-client';

type Alert = { id: string; type: string; message: string; payment: string | null; data: Record<string, unknown> };

async function largeTransactionAlerts(api: ReturnType<typeof apiClient>): Promise<Alert[]> {
  return (await api.get('/alerts?type=large_transaction')).body.data;
}

describe('currency-aware thresholds', () => {
  it('does not call ¥56,220 large, and says in a sentence why ¥9,000,000 is, with the rate it used', async () => {
    const { api } = await newMerchant('Yen Roasters');
    const small = await api.post('/payments', cardPayment({ amount: '56220', currency: 'jpy' }));
    expect(small.status).toBe(201);
    expect(small.body.risk.factors).toEqual([]);
    expect(await largeTransactionAlerts(api)).toEqual([]);

    const big = await api.post('/payments', cardPayment({ amount: '9000000', currency: 'jpy' }));
    expect(big.body.risk.factors).toContainEqual({
      rule: 'large_amount',
      score: 0.3,
      reason: 'Amount ¥9,000,000 (~$60,300 at 0.0067) is above $10,000',
      fx: { from: 'JPY', to: 'USD', rate: '0.0067', amount: '60300.00' },
    });
    const [alert, ...rest] = await largeTransactionAlerts(api);
    expect(rest).toEqual([]);
    expect(alert.message).toBe('Payment of ¥9,000,000 (~$60,300) is above the large-transaction threshold of $50,000');
    expect(alert.payment).toBe(big.body.id);
    expect(alert.data).toEqual({
      payment: big.body.id,
      amount: '9000000',
      currency: 'JPY',
      threshold: '50000.00',
      threshold_currency: 'USD',
      fx: { from: 'JPY', to: 'USD', rate: '0.0067', amount: '60300.00' },
    });
  });

  it('keeps the thresholds in the merchant’s reference currency', async () => {
    const { api } = await newMerchant('Euro Roasters');
    const settings = await api.post('/risk/settings', { reference_currency: 'eur' });
    expect(settings.body).toMatchObject({ reference_currency: 'EUR' });
    expect((await api.post('/risk/settings', { reference_currency: 'XYZ' })).body.error).toMatchObject({ code: 'currency_invalid', param: 'reference_currency' });

    // $52,000 is ~€48,148 at 1.08: not above €50,000; €50,000.01 is.
    await api.post('/payments', cardPayment({ amount: '52000.00' }));
    expect(await largeTransactionAlerts(api)).toEqual([]);
    await api.post('/payments', cardPayment({ amount: '50000.01', currency: 'eur' }));
    const [alert] = await largeTransactionAlerts(api);
    expect(alert.message).toBe('Payment of €50,000.01 is above the large-transaction threshold of €50,000');
  });
});

describe('/fx_rates', () => {
  it('lists the indicative rates and lets an owner set and clear the merchant’s own', async () => {
    const { api, merchantId } = await newMerchant('Rate Setters');
    const list = await api.get('/fx_rates');
    expect(list.status).toBe(200);
    expect(list.body.data).toContainEqual(expect.objectContaining({ object: 'fx_rate', currency: 'JPY', base: 'USD', rate: '0.0067', source: 'installation', indicative: true }));

    const set = await api.post('/fx_rates/jpy', { rate: '0.007' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ currency: 'JPY', rate: '0.007', source: 'merchant', updated_by: expect.stringMatching(/^key_/) });
    expect((await api.get('/fx_rates')).body.data).toContainEqual(expect.objectContaining({ currency: 'JPY', rate: '0.007', source: 'merchant' }));
    // Only this merchant's rates changed.
    const other = await newMerchant('Bystander');
    expect((await other.api.get('/fx_rates')).body.data).toContainEqual(expect.objectContaining({ currency: 'JPY', rate: '0.0067' }));

    // The new rate places payments: ¥7,142,858 × 0.007 = $50,000.006 → $50,000.01, large.
    await api.post('/payments', cardPayment({ amount: '7142858', currency: 'jpy' }));
    const [alert] = await largeTransactionAlerts(api);
    expect(alert.data.fx).toEqual({ from: 'JPY', to: 'USD', rate: '0.007', amount: '50000.01' });

    const cleared = await api.request('DELETE', '/fx_rates/JPY');
    expect(cleared.body).toMatchObject({ currency: 'JPY', rate: '0.0067', source: 'installation' });

    for (const rate of ['0', '-1', '1e3', 'abc', 7]) {
      const bad = await api.post('/fx_rates/JPY', { rate });
      expect(bad.status, String(rate)).toBe(400);
      expect(bad.body.error.param).toBe('rate');
    }
    expect((await api.post('/fx_rates/USD', { rate: '2' })).body.error).toMatchObject({ code: 'parameter_invalid', param: 'rate' });
    expect((await api.post('/fx_rates/XYZ', { rate: '1' })).body.error.code).toBe('currency_invalid');

    const developer = apiClient((await createApiKey(suiteDb(), merchantId, { role: 'developer' })).secret);
    expect((await developer.get('/fx_rates')).status).toBe(200);
    expect((await developer.post('/fx_rates/JPY', { rate: '0.01' })).body.error.code).toBe('permission_denied');
  });
});
