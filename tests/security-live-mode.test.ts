import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '@/db/client';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { cardPayment } from './api-client';
import { TEST_ENV } from './global-setup';
import { startServer } from './server';
import { migratedDatabase, type TestDatabase } from './test-db';

let database: TestDatabase;
let databaseUrl: string;
let secretKey: string;

beforeAll(async () => {
  database = await migratedDatabase('live');
  ({ databaseUrl } = database);
  const db = openDatabase(databaseUrl);
  ({ secretKey } = await createMerchant(db, { name: 'Live merchant' }));
  await closeDatabase(db);
});
afterAll(() => database.remove());

const liveSecret = 'a'.repeat(64);

describe('live mode', () => {
  it('has no test-helper routes: they are 404 like any unknown URL', async () => {
    const server = await startServer({ ...TEST_ENV, DATABASE_URL: databaseUrl, TILLPOINT_MODE: 'live', TILLPOINT_SECRET: liveSecret, TILLPOINT_WORKER: 'off' });
    try {
      const call = (method: string, route: string, body?: unknown) =>
        fetch(`${server.baseUrl}/api/v1${route}`, {
          method,
          headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const payment = await call('POST', '/payments', cardPayment({ method: 'bank_transfer', payment_details: { account_number: '000123456789', routing_number: '110000000' } }));
      expect(payment.status).toBe(201);
      const { id } = await payment.json();
      for (const [method, route] of [
        ['POST', `/test_helpers/payments/${id}/advance`],
        ['GET', '/test_helpers/processor_report?date=2026-11-20'],
        ['POST', '/test_helpers/payouts/po_1/paid'],
      ]) {
        const res = await call(method, route, method === 'POST' ? {} : undefined);
        expect(res.status, route).toBe(404);
        expect((await res.json()).error).toMatchObject({ type: 'not_found', code: 'route_missing' });
      }
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('refuses to start with a master secret under 32 bytes', async () => {
    await expect(
      startServer({ ...TEST_ENV, DATABASE_URL: databaseUrl, TILLPOINT_MODE: 'live', TILLPOINT_SECRET: 'short-secret', TILLPOINT_WORKER: 'off' }),
    ).rejects.toThrow(/TILLPOINT_SECRET must be at least 32 bytes/);
  }, 60_000);
});
