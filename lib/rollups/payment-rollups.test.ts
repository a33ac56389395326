import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { paymentRollups } from '@/db/schema';
import { metricsSummary, metricsTimeseries } from '@/lib/monitoring/metrics';
import { dbWithMerchant } from '@/tests/test-db';
import { cancelPayment } from '@/lib/payments/cancel-payment';
import { capturePayment } from '@/lib/payments/capture-payment';
import { createPayment } from '@/lib/payments/create-payment';
import { settleChargeNow } from '@/lib/payments/processors/simulated-books';
import { refundPayment } from '@/lib/payments/refund-payment';
import { HOUR, rebuildRollups } from './payment-rollups';
import { advancePayment } from '@/lib/payments/settle-in-flight';

const HOURS_BACK = 72;
const card = (number: string) => ({ number, exp_month: 12, exp_year: 2099, cvc: '123' });
const details = {
  success: { method: 'credit_card', payment_details: card('4242424242424242') },
  declined: { method: 'credit_card', payment_details: card('4000000000000002') },
  debit: { method: 'debit_card', payment_details: card('4000056655665556') },
  bank: { method: 'bank_transfer', payment_details: { account_number: '000123456789', routing_number: '110000000' } },
} as const;

type Op =
  | { kind: 'pay'; with: keyof typeof details; currency: 'USD' | 'EUR'; cents: number; hoursAgo: number; capture: boolean }
  | { kind: 'capture' | 'cancel' | 'settle'; target: number }
  | { kind: 'refund'; target: number; cents: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pay' as const), with: fc.constantFrom(...(Object.keys(details) as (keyof typeof details)[])), currency: fc.constantFrom('USD' as const, 'EUR' as const), cents: fc.integer({ min: 100, max: 90_000 }), hoursAgo: fc.integer({ min: 0, max: HOURS_BACK }), capture: fc.boolean() }) },
  fc.record({ kind: fc.constantFrom('capture' as const, 'cancel' as const, 'settle' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('refund' as const), target: fc.nat(), cents: fc.integer({ min: 1, max: 50_000 }) }),
);

/** The non-empty cells, in a stable order. */
async function cells(db: Db) {
  const rows = await db.select().from(paymentRollups);
  return rows
    .filter((r) => r.count !== 0 || r.amount !== 0 || r.volume !== 0 || r.refunded !== 0)
    .map((r) => `${r.merchantId} ${r.currency} ${r.method} ${r.status} ${r.hour}: ${r.count} ${r.amount} ${r.volume} ${r.refunded}`)
    .sort();
}

/** Runs a workload; a command the state machine refuses (cancel a captured payment…) is part of it. */
async function apply(db: Db, merchantId: string, ops: Op[], now: number) {
  const ids: string[] = [];
  for (const o of ops) {
    const id = ids.length ? ids[('target' in o ? o.target : 0) % ids.length] : undefined;
    try {
      if (o.kind === 'pay') {
        const at = now - o.hoursAgo * HOUR - 7 * 60_000;
        const body = { ...details[o.with], amount: (o.cents / 100).toFixed(2), currency: o.currency, capture: o.with === 'bank' ? undefined : o.capture };
        ids.push((await createPayment(db, { merchantId, body: body as never, now: at })).id);
      } else if (!id) continue;
      else if (o.kind === 'capture') await capturePayment(db, { merchantId, paymentId: id, now });
      else if (o.kind === 'cancel') await cancelPayment(db, { merchantId, paymentId: id, actor: 'test', now });
      else if (o.kind === 'settle') {
        await settleChargeNow(db, id, now);
        await advancePayment(db, merchantId, id, now);
      } else if (o.kind === 'refund') await refundPayment(db, { merchantId, paymentId: id, amount: (o.cents / 100).toFixed(2), now });
    } catch (error) {
      if (!(error instanceof Error) || !('code' in error)) throw error;
    }
  }
}

describe('payment rollups', () => {
  it('kept incrementally, equal what a rebuild from the payments computes, after any workload', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const { db, merchantId } = await dbWithMerchant();
        await apply(db, merchantId, ops, Date.now());
        const incremental = await cells(db);
        await rebuildRollups(db);
        expect(incremental).toEqual(await cells(db));
        db.$client.close();
      }),
      { numRuns: 25 },
    );
  });

  it('answer summaries and series for windows that start and end inside an hour exactly', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const now = Date.UTC(2026, 10, 20, 12, 30);
    const ops: Op[] = Array.from({ length: 30 }, (_, i) => ({ kind: 'pay', with: i % 4 === 0 ? 'declined' : 'success', currency: 'USD', cents: 1000 + i, hoursAgo: i % 5, capture: true }));
    await apply(db, merchantId, [...ops, { kind: 'refund', target: 1, cents: 500 }], now);
    // A window from the middle of one hour to the middle of another: both edges are partial.
    const window = { from: new Date(now - 3 * HOUR - 20 * 60_000).toISOString(), to: new Date(now - 20 * 60_000).toISOString() };
    const summary = await metricsSummary(db, merchantId, window, now);
    const hourly = await metricsTimeseries(db, merchantId, { ...window, interval: 'hour' }, now);
    // Payments are 7 minutes before each whole hour back from 12:30: 12:23, 11:23, 10:23, 09:23 (outside), …
    const inWindow = ops.filter((o) => o.kind === 'pay' && o.hoursAgo >= 1 && o.hoursAgo <= 3);
    expect(summary.data[0].count).toBe(inWindow.length);
    expect(hourly.data.reduce((sum, b) => sum + (b as { count: number }).count, 0)).toBe(inWindow.length);
  });
});
