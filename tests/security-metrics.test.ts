import { describe, expect, inject, it } from 'vitest';
import { newMerchant } from './api-client';
import { TEST_ENV } from './global-setup';
import { startServer } from './server';
import { migratedDatabase } from './test-db';

describe('Prometheus metrics', () => {
  it('are private without a token unless made public on purpose', async () => {
    const { databaseUrl, remove } = await migratedDatabase('metrics');
    const { TILLPOINT_METRICS_PUBLIC: _public, ...env } = TEST_ENV;
    const server = await startServer({ ...env, DATABASE_URL: databaseUrl, TILLPOINT_WORKER: 'off' });
    try {
      const res = await fetch(`${server.baseUrl}/api/metrics`);
      expect(res.status).toBe(403);
      const body = await res.json();
      expect(body.error).toMatchObject({ type: 'permission_error', code: 'permission_denied' });
      expect(body.error.message).toContain('TILLPOINT_METRICS_TOKEN');
    } finally {
      await server.stop();
      await remove();
    }
  }, 60_000);

  it('label requests by route pattern, so made-up paths cannot create series', async () => {
    const { api } = await newMerchant();
    const made = Array.from({ length: 20 }, (_, i) => `made-up-${i}-${Date.now()}`);
    for (const id of made) expect((await api.get(`/payments/${id}`)).status).toBe(404);
    const text = await (await fetch(`${inject('baseUrl')}/api/metrics`)).text();
    const routes = new Set([...text.matchAll(/tillpoint_http_requests_total\{[^}]*route="([^"]*)"/g)].map((m) => m[1]));
    expect(routes).toContain('/api/v1/payments/[id]');
    for (const route of routes) expect(route.includes('made-up'), route).toBe(false);
  });
});
