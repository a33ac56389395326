import { describe, expect, it } from 'vitest';
import { card, cardPayment, newMerchant } from './api-client';

describe('metrics', () => {
  it('sums exactly what was created, per currency, for 2- and 0-decimal currencies', async () => {
    const { api } = await newMerchant();
    for (const amount of ['10.00', '20.01', '30.02']) await api.post('/payments', cardPayment({ amount }));
    await api.post('/payments', cardPayment({ amount: '99.00', payment_details: card('4000000000000002') }));
    const refundable = await api.post('/payments', cardPayment({ amount: '5.00' }));
    await api.post(`/payments/${refundable.body.id}/refunds`, { amount: '1.50' });
    for (const amount of ['1000', '2001']) await api.post('/payments', cardPayment({ amount, currency: 'JPY' }));

    const summary = await api.get('/metrics/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.data).toEqual([
      {
        currency: 'USD',
        count: 5,
        succeeded: 4,
        failed: 1,
        pending: 0,
        success_rate: 0.8,
        volume: '65.03',
        average_amount: '16.26', // 65.03 / 4 = 16.2575 → half-even to the cent
        refunded_volume: '1.50',
      },
      {
        currency: 'JPY',
        count: 2,
        succeeded: 2,
        failed: 0,
        pending: 0,
        success_rate: 1,
        volume: '3001',
        average_amount: '1500', // 1500.5 → half-even
        refunded_volume: '0',
      },
    ]);
    const jpyOnly = await api.get('/metrics/summary?currency=jpy');
    expect(jpyOnly.body.data.map((r: { currency: string }) => r.currency)).toEqual(['JPY']);
    const future = await api.get(`/metrics/summary?from=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.body.data).toEqual([]);
  });

  it('buckets payments by hour for charts', async () => {
    const { api } = await newMerchant();
    await api.post('/payments', cardPayment({ amount: '12.00', currency: 'EUR' }));
    await api.post('/payments', cardPayment({ amount: '8.00', currency: 'EUR', payment_details: card('4000000000000002') }));
    const from = new Date(Date.now() - 3 * 3600_000).toISOString();
    const series = await api.get(`/metrics/timeseries?interval=hour&currency=EUR&from=${from}`);
    expect(series.body).toMatchObject({ interval: 'hour', currency: 'EUR' });
    expect(series.body.data.length).toBeGreaterThanOrEqual(3);
    const last = series.body.data.at(-1);
    expect(last).toMatchObject({ count: 2, succeeded: 1, failed: 1, failure_rate: 0.5, volume: '12.00', by_method: { credit_card: 2 } });
    expect(series.body.data.slice(0, -1).every((b: { count: number }) => b.count === 0)).toBe(true);
    const volume = await api.get(`/metrics/timeseries?interval=hour&currency=EUR&from=${from}&metric=volume`);
    expect(volume.body.data.at(-1)).toEqual({ start: last.start, value: '12.00' });
    const bad = await api.get('/metrics/timeseries?interval=week');
    expect(bad.status).toBe(400);
  });
});
