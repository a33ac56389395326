import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, transaction, type Db } from '@/db/client';
import { jsonField } from '@/db/sql';
import { payments, payouts, settlementBatches, workerLeases } from '@/db/schema';
import { verifyLedger } from '@/lib/ledger/verify-ledger';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { releaseAvailableFunds } from '@/lib/settlement/balance-transactions';
import { runSettlement } from '@/lib/settlement/payouts';
import { workerJobs } from '@/lib/worker/run-worker';
import { cardPayment } from './api-client';
import { TEST_ENV } from './global-setup';
import { startServer, type RunningServer } from './server';
import { migratedDatabaseIn, onPostgresSuite } from './test-db';
import { startReceiver } from './webhook-receiver';

/**
 * Three Tillpoint servers on one PostgreSQL database, requests spread round-robin, as behind a
 * load balancer: what one process guaranteed by running transactions one at a time must hold
 * across processes. PostgreSQL only (TEST_DATABASE=postgres): SQLite is one process's database.
 */
describe.skipIf(!onPostgresSuite)('three instances on one PostgreSQL', () => {
  let dir: string;
  let db: Db;
  let databaseUrl: string;
  let servers: RunningServer[] = [];
  let next = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-multi-'));
    databaseUrl = await migratedDatabaseIn(dir, 'multi');
    db = openDatabase(databaseUrl);
    servers = await Promise.all([1, 2, 3].map((n) => startServer({ ...TEST_ENV, DATABASE_URL: databaseUrl }, path.join(dir, `server-${n}.log`))));
  }, 180_000);

  const alive = () => servers.filter((s) => s.process.exitCode === null && s.process.signalCode === null);

  afterAll(async () => {
    // The instance killed on purpose has exited already.
    await Promise.all(alive().map((s) => s.stop()));
    if (db) await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The next instance, round-robin (skipping one that was killed). */
  const nextBase = () => {
    const up = alive();
    return up[next++ % up.length].baseUrl;
  };
  const client = (secretKey: string) => async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${nextBase()}/api/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json(), headers: res.headers };
  };
  const merchant = async (name: string) => {
    const created = await createMerchant(db, { name });
    return { ...created, call: client(created.secretKey) };
  };

  it('refunds a payment exactly once when 20 full refunds arrive at once across instances', async () => {
    const { call } = await merchant('Refunds');
    const paid = await call('POST', '/payments', cardPayment({ amount: '50.00' }));
    expect(paid.status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('POST', `/payments/${paid.body.id}/refunds`, {})));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 201).map((a) => a.body.error.code)).toEqual(Array(19).fill('refund_exceeds_remaining'));
    expect((await call('GET', `/payments/${paid.body.id}`)).body.amount_refunded).toBe('50.00');
  });

  it('creates one payment for 20 concurrent requests with one Idempotency-Key, whichever instance they reach', async () => {
    const { call, merchantId } = await merchant('Idempotency');
    const body = cardPayment({ metadata: { order: 'multi-key' } });
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('POST', '/payments', body, { 'idempotency-key': 'one-key' })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const stored = await db.select().from(payments).where(and(eq(payments.merchantId, merchantId), eq(jsonField(payments.metadata, 'order'), 'multi-key')));
    expect(stored).toHaveLength(1);
  });

  it('never pays out more than is available, however many manual payouts race', async () => {
    const { call, merchantId } = await merchant('Payouts');
    for (let i = 0; i < 3; i++) expect((await call('POST', '/payments', cardPayment({ amount: '100.00' }))).status).toBe(201);
    await transaction(db, (tx) => releaseAvailableFunds(tx, Date.now() + 30 * 86_400_000));
    const available = (await call('GET', '/balance')).body.available[0].amount;
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('POST', '/payouts', { amount: '40.00', currency: 'USD' })));
    // 503 is a transaction that kept losing its race (nothing written); the others were decided.
    expect(answers.every((a) => a.status === 201 || a.body.error.code === 'payout_exceeds_available' || a.status === 503)).toBe(true);
    const paidOut = answers.filter((a) => a.status === 201).length * 4000;
    expect(paidOut).toBeLessThanOrEqual(Math.round(Number(available) * 100));
    expect(paidOut).toBeGreaterThan(0);
    const left = (await call('GET', '/balance')).body.available[0].amount;
    expect(Math.round(Number(left) * 100)).toBe(Math.round(Number(available) * 100) - paidOut);
    const rows = await db.select().from(payouts).where(eq(payouts.merchantId, merchantId));
    expect(rows).toHaveLength(paidOut / 4000);
  });

  it('sends every webhook delivery once per attempt, though every instance delivers', async () => {
    const hooks = await startReceiver(() => ({ status: 200 }));
    try {
      const { call } = await merchant('Webhooks');
      const endpoint = await call('POST', '/webhook_endpoints', { url: hooks.url, enabled_events: ['payment.succeeded'] });
      expect(endpoint.status).toBe(201);
      await Promise.all(Array.from({ length: 15 }, () => call('POST', '/payments', cardPayment())));
      await expect.poll(() => hooks.received.length, { timeout: 30_000, interval: 200 }).toBeGreaterThanOrEqual(15);
      // Quiet for a few worker intervals: nothing more may arrive.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const ids = hooks.received.map((h) => h.event.id);
      expect(ids).toHaveLength(15);
      expect(new Set(ids).size).toBe(15);
    } finally {
      await hooks.close();
    }
  });

  it('settles a day once when several processes run settlement at the same moment', async () => {
    const { call, merchantId } = await merchant('Settlement');
    for (let i = 0; i < 2; i++) expect((await call('POST', '/payments', cardPayment({ amount: '30.00' }))).status).toBe(201);
    const later = Date.now() + 10 * 86_400_000;
    await transaction(db, (tx) => releaseAvailableFunds(tx, later));
    const date = new Date(later - 86_400_000).toISOString().slice(0, 10);
    const handles = [1, 2, 3].map(() => openDatabase(databaseUrl));
    try {
      const runs = await Promise.all(handles.map((h) => runSettlement(h, date, { merchantId, now: later })));
      expect(runs.flat().filter((r) => r.created)).toHaveLength(1);
    } finally {
      await Promise.all(handles.map(closeDatabase));
    }
    expect(await db.select().from(settlementBatches).where(eq(settlementBatches.merchantId, merchantId))).toHaveLength(1);
    expect(await db.select().from(payouts).where(and(eq(payouts.merchantId, merchantId), eq(payouts.method, 'automatic')))).toHaveLength(1);
  });

  it('runs each worker job kind under one lease across instances; a stopping instance hands its leases over at once', async () => {
    const leases = async () => db.select().from(workerLeases).where(inArray(workerLeases.name, [...workerJobs]));
    await expect.poll(async () => (await leases()).map((l) => l.name).sort(), { timeout: 10_000 }).toEqual([...workerJobs].sort());
    // The holder names its process (lib/worker/run-worker.ts); `next start` serves in that process.
    const holderOf = (pid: number | undefined) => (l: { holder: string }) => l.holder.startsWith(`worker_${pid}_`);
    const settlementHolder = (await leases()).find((l) => l.name === 'settlement')!;
    const holder = alive().find((s) => holderOf(s.process.pid)(settlementHolder));
    expect(holder, settlementHolder.holder).toBeDefined();
    await holder!.stop();
    // Released on SIGTERM before the process exited, not left to expire.
    expect((await leases()).filter(holderOf(holder!.process.pid))).toEqual([]);
    await expect.poll(async () => (await leases()).find((l) => l.name === 'settlement')?.holder ?? null, { timeout: 10_000 }).toMatch(/^worker_/);
    const taker = (await leases()).find((l) => l.name === 'settlement')!;
    expect(alive().some((s) => holderOf(s.process.pid)(taker))).toBe(true);
  });

  it('loses no acknowledged payment when an instance is killed mid-load, and the ledger stays sound', async () => {
    const { call, merchantId } = await merchant('Kill');
    const acknowledged: string[] = [];
    const send = async (i: number) => {
      try {
        const res = await call('POST', '/payments', cardPayment({ metadata: { order: `kill-${i}` } }), { 'idempotency-key': `kill-${i}` });
        if (res.status === 201) acknowledged.push(res.body.id);
      } catch {
        // the killed instance: no answer, nothing acknowledged
      }
    };
    const load = Promise.all(Array.from({ length: 45 }, (_, i) => new Promise((r) => setTimeout(r, i * 20)).then(() => send(i))));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Two are left (the lease test stopped one): kill one of them.
    const victim = alive()[0];
    const exited = new Promise((resolve) => victim.process.once('exit', resolve));
    victim.process.kill('SIGKILL');
    await exited;
    await load;
    expect(acknowledged.length).toBeGreaterThan(20);
    const stored = await db.select({ id: payments.id, status: payments.status }).from(payments).where(eq(payments.merchantId, merchantId));
    const byId = new Map(stored.map((p) => [p.id, p.status]));
    for (const id of acknowledged) expect(byId.get(id), id).toBe('success');
    expect(await verifyLedger(db)).toEqual([]);
  });
});
