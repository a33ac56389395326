import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '@/db/client';
import { events, idempotencyKeys, payments } from '@/db/schema';
import { verifyLedger } from '@/lib/ledger/verify-ledger';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { cardPayment } from './api-client';
import { TEST_ENV } from './global-setup';
import { assertBuilt, freePort, startServer, type RunningServer } from './server';
import { cleanUpServices, startService } from './services';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { migratedDatabaseIn, onPostgresSuite } from './test-db';

/**
 * PostgreSQL going away and coming back, as a server in production sees it. PostgreSQL only
 * (TEST_DATABASE=postgres, as tests/multi-instance.test.ts): the server reaches its database
 * through a TCP proxy this test cuts and restores.
 */
describe.skipIf(!onPostgresSuite)('PostgreSQL outages', () => {
  let dir: string;
  let databaseUrl: string;
  let db: Db;
  let proxy: TcpProxy;
  let server: RunningServer;
  let call: (method: string, p: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any; headers: Headers }>;
  let merchantId: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-outage-'));
    databaseUrl = await migratedDatabaseIn(dir, 'outage');
    db = openDatabase(databaseUrl);
    const created = await createMerchant(db, { name: 'Outage' });
    merchantId = created.merchantId;
    const direct = new URL(databaseUrl);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port) });
    const viaProxy = new URL(databaseUrl);
    viaProxy.port = String(proxy.port);
    server = await startServer({ ...TEST_ENV, DATABASE_URL: viaProxy.toString() }, path.join(dir, 'server.log'));
    call = async (method, p, body, headers = {}) => {
      const res = await fetch(`${server.baseUrl}/api/v1${p}`, {
        method,
        headers: { authorization: `Bearer ${created.secretKey}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json(), headers: res.headers };
    };
  }, 120_000);

  afterAll(async () => {
    cleanUpServices();
    await server?.stop();
    await proxy?.close();
    if (db) await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  const ready = async () => {
    const res = await fetch(`${server.baseUrl}/api/health/ready`);
    return { status: res.status, body: await res.json() };
  };

  it('refuses to start when PostgreSQL does not answer: one line naming DATABASE_URL, exit 1', async () => {
    assertBuilt();
    const closed = await freePort();
    const service = startService('start', { DATABASE_URL: `postgres://tillpoint:secret@127.0.0.1:${closed}/tillpoint`, PORT: String(await freePort()) });
    const exit = await service.exited;
    expect(exit, service.output()).toMatchObject({ code: 1, signal: null });
    const lines = service.output().split('\n').filter((line) => line.trim() !== '');
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^Error: .*DATABASE_URL=postgres://tillpoint:\\*\\*\\*@127\\.0\\.0\\.1:${closed}/tillpoint`))]);
    expect(service.output()).not.toContain('secret');
  });

  it('answers 503 service_unavailable while PostgreSQL is unreachable, is not ready, and recovers without a restart', async () => {
    expect((await call('POST', '/payments', cardPayment())).status).toBe(201);
    expect((await ready()).status).toBe(200);

    await proxy.cut();
    try {
      const refused = await call('POST', '/payments', cardPayment(), { 'idempotency-key': 'during-outage' });
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({ error: expect.objectContaining({ type: 'api_error', code: 'service_unavailable', message: expect.any(String) }) });
      expect(refused.headers.get('retry-after')).toBe('1');
      const read = await call('GET', '/payments');
      expect(read.status).toBe(503);
      expect(read.body.error.code).toBe('service_unavailable');
      const notReady = await ready();
      expect(notReady.status).toBe(503);
      expect(notReady.body).toMatchObject({ status: 'not_ready', checks: { database: { ok: false } } });
    } finally {
      await proxy.restore();
    }

    await expect.poll(async () => (await ready()).status, { timeout: 20_000, interval: 250 }).toBe(200);
    const after = await call('POST', '/payments', cardPayment(), { 'idempotency-key': 'during-outage' });
    expect(after.status).toBe(201);
    expect(server.process.exitCode).toBeNull();
  });

  it('answers 503 with Retry-After when a transaction keeps failing serialization, writes nothing, and the retry with the same key succeeds', async () => {
    // Every insert into payments fails as a lost serialization race would (SQLSTATE 40001),
    // so the server's retries run out.
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE FUNCTION lose_the_race() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END $$`);
      await admin.query('CREATE TRIGGER lose_the_race BEFORE INSERT ON payments FOR EACH ROW EXECUTE FUNCTION lose_the_race()');
      const before = (await db.select().from(payments).where(eq(payments.merchantId, merchantId))).length;
      const eventsBefore = (await db.select().from(events).where(eq(events.merchantId, merchantId))).length;
      const body = cardPayment({ amount: '12.34', metadata: { order: 'conflicted' } });
      const conflicted = await call('POST', '/payments', body, { 'idempotency-key': 'conflicted' });
      expect(conflicted.status).toBe(503);
      expect(conflicted.body.error).toMatchObject({ type: 'api_error', code: 'service_unavailable' });
      expect(conflicted.headers.get('retry-after')).toBe('1');
      expect(await db.select().from(payments).where(eq(payments.merchantId, merchantId))).toHaveLength(before);
      expect(await db.select().from(events).where(eq(events.merchantId, merchantId))).toHaveLength(eventsBefore);
      const [key] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'conflicted'));
      expect(key?.responseStatus ?? null).toBeNull();

      await admin.query('DROP TRIGGER lose_the_race ON payments');
      const retried = await call('POST', '/payments', body, { 'idempotency-key': 'conflicted' });
      expect(retried.status).toBe(201);
      expect(retried.body).toMatchObject({ amount: '12.34', status: 'success' });
      const replayed = await call('POST', '/payments', body, { 'idempotency-key': 'conflicted' });
      expect(replayed.body.id).toBe(retried.body.id);
      expect(await db.select().from(payments).where(eq(payments.merchantId, merchantId))).toHaveLength(before + 1);
      expect(await verifyLedger(db)).toEqual([]);
    } finally {
      await admin.query('DROP TRIGGER IF EXISTS lose_the_race ON payments');
      await admin.end();
    }
  });
});
