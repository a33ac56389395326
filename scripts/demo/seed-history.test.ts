import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '@/db/client';
import { ledgerTransactions, paymentEvents, payments, paymentMethods, refunds, reviews } from '@/db/schema';
import { getBalance } from '@/lib/ledger/balance';
import { verifyLedger } from '@/lib/ledger/verify-ledger';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { formatAmount } from '@/lib/money/money';
import { exportProcessorReport, utcDate } from '@/lib/settlement/processor-report';
import { importReport } from '@/lib/settlement/reconciliation/import-report';
import { demoMix } from './demo-mix';
import { seedDemoHistory } from './seed-history';

const DAY = 86_400_000;
const DAYS = 7;
// A fixed end keeps the history identical from run to run (the seed decides the rest).
const NOW = Date.UTC(2026, 2, 18, 17, 45, 12);
const WINDOW_START = NOW - DAYS * DAY;
const REVIEWER = 'support@demo.test';

let dir: string;
const opened: Db[] = [];

async function seededDatabase(name: string, seed: number) {
  const db = openDatabase(`file:${path.join(dir, name)}`);
  opened.push(db);
  migrateDatabase(db);
  const { merchantId } = await createMerchant(db, { name: 'Demo Coffee Roasters' }, WINDOW_START - DAY);
  const result = await seedDemoHistory(db, merchantId, { days: DAYS, seed, now: NOW, reviewer: REVIEWER });
  return { db, merchantId, result };
}

/** What a run produced, without the ids (they carry random bytes). */
function digest(db: Db) {
  return db
    .select({
      createdAt: payments.createdAt,
      amount: payments.amount,
      currency: payments.currency,
      method: payments.method,
      status: payments.status,
      customerId: payments.customerId,
      amountCaptured: payments.amountCaptured,
      amountRefunded: payments.amountRefunded,
    })
    .from(payments)
    .orderBy(asc(payments.createdAt), asc(payments.description))
    .all();
}

describe('seedDemoHistory', () => {
  let db: Db;
  let merchantId: string;
  let result: { payments: number; refunds: number };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-seed-'));
    ({ db, merchantId, result } = await seededDatabase('a.db', 7));
  }, 120_000);

  afterAll(() => {
    for (const d of opened) d.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates about a week of payments and reports what it made', () => {
    const [{ n }] = db.select({ n: sql<number>`count(*)` }).from(payments).where(eq(payments.merchantId, merchantId)).all();
    expect(n).toBe(result.payments);
    expect(n).toBeGreaterThan(DAYS * 20);
    expect(n).toBeLessThan(DAYS * 70);
    const [{ r }] = db.select({ r: sql<number>`count(*)` }).from(refunds).where(eq(refunds.merchantId, merchantId)).all();
    expect(r).toBe(result.refunds);
  });

  it('uses every payment method and the main currencies', () => {
    const methods = new Set(db.selectDistinct({ m: payments.method }).from(payments).all().map((r) => r.m));
    expect([...methods].sort()).toEqual([...paymentMethods].sort());
    const currencies = new Set(db.selectDistinct({ c: payments.currency }).from(payments).all().map((r) => r.c));
    for (const c of ['USD', 'EUR', 'GBP', 'JPY']) expect(currencies).toContain(c);
  });

  it('mostly succeeds, with some failures', () => {
    const byStatus = Object.fromEntries(
      db
        .select({ status: payments.status, n: sql<number>`count(*)` })
        .from(payments)
        .groupBy(payments.status)
        .all()
        .map((r) => [r.status, r.n]),
    );
    expect(byStatus.success).toBeGreaterThan(0);
    expect(byStatus.failed).toBeGreaterThan(0);
    expect(byStatus.success / result.payments).toBeGreaterThan(0.8);
  });

  it('refunds some successful payments, never more than was captured', () => {
    const refunded = db.select().from(payments).where(gt(payments.amountRefunded, 0)).all();
    expect(refunded.length).toBeGreaterThan(0);
    for (const p of refunded) {
      expect(p.status).toBe('success');
      expect(p.amountRefunded).toBeLessThanOrEqual(p.amountCaptured);
    }
    // Each payment's refunded total is the sum of its succeeded refunds.
    const sums = db
      .select({ paymentId: refunds.paymentId, total: sql<number>`sum(${refunds.amount})` })
      .from(refunds)
      .where(eq(refunds.status, 'succeeded'))
      .groupBy(refunds.paymentId)
      .all();
    expect(sums.length).toBe(refunded.length);
    for (const s of sums) expect(refunded.find((p) => p.id === s.paymentId)?.amountRefunded).toBe(s.total);
  });

  it('leaves a sound ledger', async () => {
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('keeps to the cent: captured − fees − refunds = paid out + in transit + pending + available', async () => {
    const kept = db
      .select({
        currency: payments.currency,
        net: sql<number>`sum(${payments.amountCaptured} - ${payments.fee} - ${payments.amountRefunded} + ${payments.feeRefunded})`,
      })
      .from(payments)
      .where(and(eq(payments.merchantId, merchantId), eq(payments.status, 'success')))
      .groupBy(payments.currency)
      .orderBy(payments.currency)
      .all();
    const owed = (currency: string, type: string) =>
      -(db.all<{ balance: number }>(sql`SELECT balance FROM ledger_accounts WHERE merchant_id = ${merchantId} AND currency = ${currency} AND type = ${type}`)[0]?.balance ?? 0);
    const paid = (currency: string) =>
      db.all<{ total: number }>(sql`SELECT coalesce(sum(amount), 0) AS total FROM payouts WHERE merchant_id = ${merchantId} AND currency = ${currency} AND status = 'paid'`)[0].total;
    expect(kept.length).toBeGreaterThanOrEqual(4);
    for (const { currency, net } of kept) {
      const accounted = paid(currency) + owed(currency, 'payouts_in_transit') + owed(currency, 'merchant_pending') + owed(currency, 'merchant_available');
      expect(accounted, currency).toBe(net);
    }
    expect((await getBalance(db, merchantId)).pending.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps every timestamp inside the window', () => {
    const bounds = (table: typeof payments | typeof refunds | typeof paymentEvents | typeof ledgerTransactions) =>
      db.select({ min: sql<number>`min(${table.createdAt})`, max: sql<number>`max(${table.createdAt})` }).from(table).get()!;
    for (const table of [payments, refunds, paymentEvents, ledgerTransactions]) {
      const { min, max } = bounds(table);
      expect(min).toBeGreaterThanOrEqual(WINDOW_START);
      expect(max).toBeLessThanOrEqual(NOW);
    }
    const [{ late }] = db
      .select({ late: sql<number>`count(*)` })
      .from(payments)
      .where(sql`${payments.updatedAt} > ${NOW} or ${payments.updatedAt} < ${payments.createdAt}`)
      .all();
    expect(late).toBe(0);
  });

  it('gives each regular customer instruments of their own: only the fraud patterns share one', () => {
    const shared = db.all<{ fingerprint: string; customers: number }>(sql`
      SELECT fingerprint, count(DISTINCT customer_id) AS customers FROM payments
      WHERE merchant_id = ${merchantId} AND status = 'success' AND customer_id IS NOT NULL AND fingerprint IS NOT NULL
      GROUP BY fingerprint HAVING customers > 1`);
    // The stolen card, tried by several new accounts.
    expect(shared.length).toBeGreaterThan(0);
    const regulars = db.all<{ fingerprint: string }>(sql`
      SELECT fingerprint FROM payments
      WHERE merchant_id = ${merchantId} AND status = 'success' AND fingerprint IS NOT NULL
        AND customer_id IS NOT NULL AND customer_id NOT LIKE 'cus_new_%' AND customer_id NOT LIKE 'cus_guest_%'
      GROUP BY fingerprint HAVING count(DISTINCT customer_id) > 1`);
    expect(regulars).toEqual([]);
  });

  it('looks like a real merchant to the risk engine: a handful flagged, each fraud pattern caught', async () => {
    const mix = await demoMix(db, merchantId, 100);
    expect(mix.payments).toBe(100);
    // Was 34 shared_card and 23 elevated/high of the last 100 with shared test cards.
    expect(mix.sharedCard).toBeLessThanOrEqual(6);
    expect(mix.elevatedOrHigh).toBeLessThanOrEqual(8);
    // Card testing (declines and velocity), the stolen card (shared, abroad), the card from abroad.
    for (const rule of ['shared_card', 'ip_country_mismatch', 'failure_streak', 'customer_velocity_10m']) expect(mix.byRule[rule], rule).toBeGreaterThan(0);
    const blocked = db.all<{ n: number }>(sql`SELECT count(*) AS n FROM payments WHERE merchant_id = ${merchantId} AND failure_code = 'risk_blocked'`)[0].n;
    expect(blocked).toBeGreaterThan(0);
    // The queue is fed by them: decided ones by the seeded reviewer, the newest still open.
    expect(mix.reviews.open).toBeGreaterThan(0);
    expect(mix.reviews.rejected).toBeGreaterThan(0);
    const deciders = new Set(db.select({ by: reviews.decidedBy }).from(reviews).where(sql`${reviews.status} <> 'open'`).all().map((r) => r.by));
    expect([...deciders]).toEqual([REVIEWER]);
  });

  it('keeps the processors’ books on the days things happened: a past day’s report reconciles, today’s has only today', async () => {
    const yesterday = utcDate(NOW - DAY);
    const today = utcDate(NOW);
    const csvOf = (date: string) => exportProcessorReport(db, merchantId, date, NOW);
    const past = await csvOf(utcDate(NOW - 3 * DAY));
    const rowsOf = (csv: string) => csv.trim().split('\n').slice(1);
    expect(rowsOf(past).length).toBeGreaterThan(10);
    // Each day's report lists exactly the charges and refunds the ledger booked that day.
    for (const date of [yesterday, today]) {
      const rows = rowsOf(await csvOf(date));
      const start = Date.parse(`${date}T00:00:00Z`);
      const booked = db.all<{ n: number }>(sql`
        SELECT count(*) AS n FROM balance_transactions WHERE merchant_id = ${merchantId} AND type IN ('charge', 'refund')
        AND created_at >= ${start} AND created_at < ${start + DAY}`)[0].n;
      expect(rows.length, date).toBe(booked);
      for (const row of rows) expect(row.startsWith(`${date},`), row).toBe(true);
    }
    const { run } = await importReport(db, { merchantId, csv: past, filename: 'past.csv', actor: REVIEWER, now: NOW });
    expect(run.summary).toMatchObject({ breaks: 0, matched: { count: rowsOf(past).length } });
  });

  it('is reproducible: the same seed gives the same history', async () => {
    const again = await seededDatabase('b.db', 7);
    expect(again.result).toEqual(result);
    expect(digest(again.db)).toEqual(digest(db));
  }, 120_000);
});
