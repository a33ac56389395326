import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { closeDatabase, openDatabase } from '@/db/client';
import { migratedDatabaseIn } from './test-db';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { card, cardPayment, newMerchant } from './api-client';
import { TEST_ENV } from './global-setup';
import { startServer } from './server';

type Api = Awaited<ReturnType<typeof newMerchant>>['api'];

async function alertsOf(api: Api, type: string) {
  return (await api.get(`/alerts?type=${type}`)).body.data as { id: string; status: string; message: string }[];
}

/** Prometheus text → { 'name{labels}': value }; every sample must be a finite number (no NaN). */
function samples(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [, key, value] = line.match(/^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/) ?? [];
    if (!key || !Number.isFinite(Number(value))) throw new Error(`Not a finite Prometheus sample: ${line}`);
    map.set(key, Number(value));
  }
  return map;
}

describe('alerts', () => {
  it('raises one large_transaction per payment above 50,000 and lets it be acknowledged', async () => {
    const { api, apiKeyId } = await newMerchant();
    await api.post('/payments', cardPayment({ amount: '50000.00' }));
    expect(await alertsOf(api, 'large_transaction')).toEqual([]);
    const big = await api.post('/payments', cardPayment({ amount: '60000.00' }));
    const [alert, ...rest] = await alertsOf(api, 'large_transaction');
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ status: 'open', message: 'Payment of $60,000.00 is above the large-transaction threshold of $50,000', payment: big.body.id });

    const acked = await api.post(`/alerts/${alert.id}/acknowledge`);
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledged_by: apiKeyId });
    expect((await api.get('/alerts?status=open')).body.data).toEqual([]);
    expect(await alertsOf(api, 'large_transaction')).toHaveLength(1);
  });

  it('raises one high_failure_rate for 5 declines in 30 attempts, resolves it when the rate falls, re-opens after', async () => {
    const { api } = await newMerchant();
    for (let i = 0; i < 25; i++) await api.post('/payments', cardPayment());
    for (let i = 0; i < 5; i++) await api.post('/payments', cardPayment({ payment_details: card('4000000000000002') }));
    await expect.poll(async () => (await alertsOf(api, 'high_failure_rate')).map((a) => a.status), { timeout: 10_000 }).toEqual(['open']);
    expect((await alertsOf(api, 'high_failure_rate'))[0].message).toMatch(/^[\d.]+% of payments failed in the last 15 minutes \(\d+ of \d+\); threshold 10%$/);

    for (let i = 0; i < 20; i++) await api.post('/payments', cardPayment());
    await expect.poll(async () => (await alertsOf(api, 'high_failure_rate')).map((a) => a.status), { timeout: 10_000 }).toEqual(['resolved']);

    for (let i = 0; i < 10; i++) await api.post('/payments', cardPayment({ payment_details: card('4000000000000002') }));
    await expect
      .poll(async () => (await alertsOf(api, 'high_failure_rate')).map((a) => a.status), { timeout: 10_000 })
      .toEqual(['open', 'resolved']);
    // 60 payments one after another: a minute leaves room for a machine running other suites.
  }, 60_000);

  it('lets thresholds be edited', async () => {
    const { api } = await newMerchant();
    const updated = await api.post('/alert_rules/large_transaction', { threshold: 1000 });
    expect(updated.body).toMatchObject({ type: 'large_transaction', threshold: 1000, enabled: true });
    await api.post('/payments', cardPayment({ amount: '1000.01' }));
    expect(await alertsOf(api, 'large_transaction')).toHaveLength(1);
    expect((await api.post('/alert_rules/nonsense', { threshold: 1 })).status).toBe(400);
    expect((await api.post('/alert_rules/high_failure_rate', { threshold: -1 })).body.error.param).toBe('threshold');
    const rules = await api.get('/alert_rules');
    expect(rules.body.data.map((r: { type: string }) => r.type)).toEqual(['high_failure_rate', 'large_transaction', 'review_backlog', 'webhook_failures']);
  });
});

describe('Prometheus, health and logs', () => {
  it('exposes parseable metrics whose payment counts move', async () => {
    const { api } = await newMerchant();
    const base = inject('baseUrl');
    const before = samples(await (await fetch(`${base}/api/metrics`)).text());
    const key = 'tillpoint_payments{method="digital_wallet",status="success"}';
    await api.post('/payments', cardPayment({ method: 'digital_wallet', payment_details: { wallet: 'apple_pay', token: 'tok_visa' } }));
    const after = samples(await (await fetch(`${base}/api/metrics`)).text());
    expect(after.get(key)).toBe((before.get(key) ?? 0) + 1);
    const created = 'tillpoint_http_requests_total{route="/api/v1/payments",method="POST",status="201"}';
    expect(after.get(created)).toBeGreaterThan(before.get(created) ?? 0);
    expect([...after.keys()].some((k) => k.startsWith('tillpoint_http_request_duration_seconds_bucket'))).toBe(true);
    expect(after.get('tillpoint_worker_heartbeat_age_seconds')).toBeLessThan(5);
  });

  it('reports only numbers when scraped twice at once (no empty event-loop window as NaN)', async () => {
    const base = inject('baseUrl');
    const texts = await Promise.all([0, 1, 2].map(async () => (await fetch(`${base}/api/metrics`)).text()));
    // samples() throws on a NaN; the gauge must still be there.
    for (const text of texts) expect(samples(text).has('tillpoint_process_nodejs_eventloop_lag_mean_seconds')).toBe(true);
  });

  it('is ready when the database, migrations and worker are', async () => {
    const res = await fetch(`${inject('baseUrl')}/api/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true }, migrations: { ok: true }, worker: { ok: true } } });
  });

  it('logs each request as JSON with its id, merchant, route, status and duration, and no card data or keys', async () => {
    const { api, merchantId, secretKey } = await newMerchant();
    const sent = performance.now();
    const res = await api.post('/payments', cardPayment({ payment_details: card('5555555555554444') }));
    const roundTripMs = performance.now() - sent;
    const requestId = res.headers.get('request-id');
    await expect.poll(() => readFileSync(inject('serverLog'), 'utf8')).toContain(requestId);
    const text = readFileSync(inject('serverLog'), 'utf8');
    const line = text.split('\n').find((l) => l.includes(requestId!))!;
    expect(JSON.parse(line)).toMatchObject({ request_id: requestId, merchant_id: merchantId, route: '/api/v1/payments', status: 201, msg: 'api request' });
    // Whole milliseconds of the server's own handling: within the client's round trip.
    const { duration_ms } = JSON.parse(line);
    expect(Number.isInteger(duration_ms)).toBe(true);
    expect(duration_ms).toBeGreaterThanOrEqual(0);
    expect(duration_ms).toBeLessThanOrEqual(Math.ceil(roundTripMs));
    expect(text).not.toContain('5555555555554444');
    expect(text).not.toContain(secretKey);
  });
});

describe('across a restart', () => {
  it('keeps metrics (they come from the database) and protects /api/metrics with a token', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-restart-'));
    const databaseUrl = await migratedDatabaseIn(dir, 'monitoring_api');
    const db = openDatabase(databaseUrl);
    const { secretKey } = await createMerchant(db, { name: 'Restart' });
    await closeDatabase(db);
    const env = { ...TEST_ENV, DATABASE_URL: databaseUrl, TILLPOINT_METRICS_TOKEN: 'metrics-token' };
    const call = (base: string, p: string, init: RequestInit = {}) =>
      fetch(`${base}${p}`, { ...init, headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json', ...init.headers } });
    try {
      const first = await startServer(env);
      for (const amount of ['10.00', '20.00']) {
        await call(first.baseUrl, '/api/v1/payments', { method: 'POST', body: JSON.stringify(cardPayment({ amount })) });
      }
      const before = await (await call(first.baseUrl, '/api/v1/metrics/summary')).json();
      await first.stop();

      const second = await startServer(env);
      try {
        const after = await (await call(second.baseUrl, '/api/v1/metrics/summary')).json();
        expect(after.data).toEqual(before.data);
        expect(after.data[0]).toMatchObject({ count: 2, volume: '30.00' });
        expect((await fetch(`${second.baseUrl}/api/metrics`)).status).toBe(401);
        const scraped = await fetch(`${second.baseUrl}/api/metrics`, { headers: { authorization: 'Bearer metrics-token' } });
        expect(samples(await scraped.text()).get('tillpoint_payments{method="credit_card",status="success"}')).toBe(2);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
