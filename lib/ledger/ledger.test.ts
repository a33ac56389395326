import fc from 'fast-check';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transaction } from '@/db/client';
import { ledgerTransactions, payments, payouts } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { formatAmount, parseAmount } from '@/lib/money/money';
import { capturePayment } from '@/lib/payments/capture-payment';
import { createPayment } from '@/lib/payments/create-payment';
import { refundPayment } from '@/lib/payments/refund-payment';
import { releaseAvailableFunds } from '@/lib/settlement/balance-transactions';
import { updateFeeSettings } from '@/lib/settlement/fees';
import { createManualPayout, finishPayout, progressPayouts, runSettlement } from '@/lib/settlement/payouts';
import { dbWithMerchant } from '@/tests/test-db';
import { getBalance } from './balance';
import { postEntries } from './post-entries';
import { verifyLedger } from './verify-ledger';

const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' };

type Op =
  | { kind: 'pay'; cents: number; currency: 'USD' | 'JPY'; capture: boolean; method: 'credit_card' | 'digital_wallet' }
  | { kind: 'capture'; pick: number; part: number }
  | { kind: 'refund'; pick: number; part: number }
  | { kind: 'days'; days: number } // time passes: funds become available, settlement runs, payouts move
  | { kind: 'payout'; part: number; currency: 'USD' | 'JPY' }
  | { kind: 'fail_payout'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      cents: fc.integer({ min: 1, max: 5_000_000 }),
      currency: fc.constantFrom('USD' as const, 'JPY' as const),
      capture: fc.boolean(),
      method: fc.constantFrom('credit_card' as const, 'digital_wallet' as const),
    }),
  },
  fc.record({ kind: fc.constant('capture' as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 120 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('days' as const), days: fc.integer({ min: 1, max: 4 }) }) },
  fc.record({ kind: fc.constant('payout' as const), part: fc.integer({ min: 1, max: 120 }), currency: fc.constantFrom('USD' as const, 'JPY' as const) }),
  fc.record({ kind: fc.constant('fail_payout' as const), pick: fc.nat() }),
);

const DAY = 86_400_000;

describe('ledger', () => {
  it('balances, and gross − fees − refunds = payouts + remaining balance, after any sequence of operations', async () => {
    const seen = { payouts: 0, paid: 0, failed: 0, refunds: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), fc.boolean(), async (ops, proportionalFees) => {
        const { db, merchantId } = await dbWithMerchant();
        if (proportionalFees) await updateFeeSettings(db, merchantId, { refund_fee_policy: 'proportional' });
        let now = Date.parse('2026-01-05T12:00:00Z');
        const ids: string[] = [];
        for (const o of ops) {
          now += 60_000;
          try {
            if (o.kind === 'pay') {
              const body = {
                amount: formatAmount(o.cents, o.currency),
                currency: o.currency,
                method: o.method,
                capture: o.method === 'credit_card' ? o.capture : true,
                payment_details: o.method === 'credit_card' ? card : { wallet: 'apple_pay', token: 'tok_visa' },
              };
              const payment = await createPayment(db, { merchantId, body, now });
              ids.push(payment.id);
            } else if (o.kind === 'days') {
              for (let d = 0; d < o.days; d++) {
                now += DAY;
                await transaction(db, (tx) => releaseAvailableFunds(tx, now));
                await runSettlement(db, new Date(now - DAY).toISOString().slice(0, 10), { now });
                await progressPayouts(db, now);
              }
            } else if (o.kind === 'payout') {
              const available = (await getBalance(db, merchantId)).available.find((b) => b.currency === o.currency);
              const minor = available ? Math.floor((parseAmount(available.amount.replace('-', ''), o.currency) * o.part) / 100) : 1;
              await createManualPayout(db, { merchantId, actor: 'test', body: { amount: formatAmount(Math.max(1, minor), o.currency), currency: o.currency }, now });
            } else if (o.kind === 'fail_payout') {
              const open = await db.select().from(payouts).where(inArray(payouts.status, ['pending', 'in_transit']));
              if (open.length > 0) await finishPayout(db, merchantId, open[o.pick % open.length].id, 'failed', now);
            } else if (ids.length > 0) {
              const [p] = await db.select().from(payments).where(eq(payments.id, ids[o.pick % ids.length]));
              const base = o.kind === 'capture' ? p.amount : p.amountCaptured - p.amountRefunded;
              const amount = formatAmount(Math.max(1, Math.floor((base * o.part) / 100)), p.currency);
              if (o.kind === 'capture') await capturePayment(db, { merchantId, paymentId: p.id, amount, now });
              else await refundPayment(db, { merchantId, paymentId: p.id, amount, now });
            }
          } catch (error) {
            // Illegal moves are domain errors; anything else is a bug.
            if (!(error instanceof DomainError)) throw error;
          }
        }
        expect(await verifyLedger(db)).toEqual([]);
        for (const row of db.all<{ amount_refunded: number; amount_captured: number; fee: number; fee_refunded: number }>(sql`SELECT * FROM payments`)) {
          expect(row.amount_refunded).toBeLessThanOrEqual(row.amount_captured);
          expect(row.fee_refunded).toBeLessThanOrEqual(row.fee);
        }
        // To the minor unit, per currency: what came in, less fees and refunds, is either paid
        // out (or on its way) or still in the merchant's balance.
        const flows = db.all<{ currency: string; kept: number }>(sql`
          SELECT currency, SUM(amount_captured - fee - amount_refunded + fee_refunded) AS kept
          FROM payments WHERE status = 'success' GROUP BY currency ORDER BY currency`);
        const accounts = db.all<{ currency: string; type: string; balance: number }>(sql`SELECT currency, type, balance FROM ledger_accounts`);
        const owed = (currency: string, type: string) => -(accounts.find((a) => a.currency === currency && a.type === type)?.balance ?? 0);
        const paidOut = db.all<{ currency: string; total: number }>(sql`SELECT currency, SUM(amount) AS total FROM payouts WHERE status = 'paid' GROUP BY currency`);
        const statuses = db.all<{ status: string }>(sql`SELECT status FROM payouts`);
        seen.payouts += statuses.length;
        seen.paid += statuses.filter((p) => p.status === 'paid').length;
        seen.failed += statuses.filter((p) => p.status === 'failed').length;
        seen.refunds += db.all(sql`SELECT id FROM refunds WHERE status = 'succeeded'`).length;
        for (const { currency, kept } of flows) {
          const paid = paidOut.find((p) => p.currency === currency)?.total ?? 0;
          const remaining = owed(currency, 'merchant_pending') + owed(currency, 'merchant_available') + owed(currency, 'payouts_in_transit');
          expect(paid + remaining).toBe(kept);
        }
      }),
      {
        numRuns: 30,
        // One walk through every kind of movement always runs first, so the invariant is
        // exercised on paid and failed payouts and refunds whatever the random runs draw.
        examples: [
          [
            [
              { kind: 'pay', cents: 10_000, currency: 'USD', capture: true, method: 'credit_card' },
              { kind: 'days', days: 3 },
              { kind: 'days', days: 2 },
              { kind: 'pay', cents: 5_000, currency: 'USD', capture: true, method: 'digital_wallet' },
              { kind: 'refund', pick: 0, part: 40 },
              { kind: 'days', days: 3 },
              { kind: 'fail_payout', pick: 0 },
              { kind: 'payout', part: 50, currency: 'USD' },
            ],
            true,
          ],
        ],
      },
    );
    // The runs must have exercised what the invariant is about.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
  });

  it('refuses an unbalanced transaction and writes none of it', async () => {
    const { db, merchantId } = await dbWithMerchant();
    await expect(
      transaction(db, (tx) =>
        postEntries(tx, {
          merchantId,
          type: 'adjustment',
          sourceId: 'adj_1',
          description: 'broken',
          currency: 'USD',
          entries: [
            { account: 'processor_receivable', amount: 100 },
            { account: 'merchant_pending', amount: -99 },
          ],
        }),
      ),
    ).rejects.toThrow(/Unbalanced/);
    expect(await db.select().from(ledgerTransactions)).toEqual([]);
  });

  it('never posts the same movement twice', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const entry = {
      merchantId,
      type: 'adjustment' as const,
      sourceId: 'adj_2',
      description: 'once',
      currency: 'USD',
      entries: [
        { account: 'processor_receivable' as const, amount: 500 },
        { account: 'merchant_pending' as const, amount: -500 },
      ],
    };
    await transaction(db, (tx) => postEntries(tx, entry));
    await expect(transaction(db, (tx) => postEntries(tx, entry))).rejects.toThrow();
    const rows = await db
      .select()
      .from(ledgerTransactions)
      .where(and(eq(ledgerTransactions.type, 'adjustment'), eq(ledgerTransactions.sourceId, 'adj_2')));
    expect(rows).toHaveLength(1);
    expect((await getBalance(db, merchantId)).pending).toEqual([{ amount: '5.00', currency: 'USD' }]);
  });

  it('reports a cached balance that disagrees with its postings', async () => {
    const { db, merchantId } = await dbWithMerchant();
    await createPayment(db, { merchantId, body: { amount: '10.00', currency: 'USD', method: 'credit_card', payment_details: card } });
    expect(await verifyLedger(db, merchantId)).toEqual([]);
    db.$client.exec("UPDATE ledger_accounts SET balance = balance + 1 WHERE type = 'merchant_pending'");
    const problems = await verifyLedger(db, merchantId);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'balance_mismatch' });
  });
});
