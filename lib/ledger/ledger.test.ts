import fc from 'fast-check';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transaction } from '@/db/client';
import { ledgerTransactions, payments } from '@/db/schema';
import { ApiError } from '@/lib/http/errors';
import { formatAmount } from '@/lib/money/money';
import { capturePayment } from '@/lib/payments/capture-payment';
import { createPayment } from '@/lib/payments/create-payment';
import { refundPayment } from '@/lib/payments/refund-payment';
import { dbWithMerchant } from '@/tests/test-db';
import { getBalance } from './balance';
import { postEntries } from './post-entries';
import { verifyLedger } from './verify-ledger';

const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' };

type Op =
  | { kind: 'pay'; cents: number; currency: 'USD' | 'JPY'; capture: boolean }
  | { kind: 'capture'; pick: number; part: number }
  | { kind: 'refund'; pick: number; part: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('pay' as const),
    cents: fc.integer({ min: 1, max: 5_000_000 }),
    currency: fc.constantFrom('USD' as const, 'JPY' as const),
    capture: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('capture' as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 120 }) }),
);


describe('ledger', () => {
  it('stays balanced and equal to captured minus refunded after any sequence of operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const { db, merchantId } = await dbWithMerchant();
        const ids: string[] = [];
        for (const o of ops) {
          try {
            if (o.kind === 'pay') {
              const p = await createPayment(db, merchantId, {
                amount: formatAmount(o.cents, o.currency),
                currency: o.currency,
                method: 'credit_card',
                capture: o.capture,
                payment_details: card,
              });
              ids.push(p.id);
            } else if (ids.length > 0) {
              const [p] = await db.select().from(payments).where(eq(payments.id, ids[o.pick % ids.length]));
              const base = o.kind === 'capture' ? p.amount : p.amountCaptured - p.amountRefunded;
              const amount = formatAmount(Math.max(1, Math.floor((base * o.part) / 100)), p.currency);
              if (o.kind === 'capture') await capturePayment(db, merchantId, p.id, { amount });
              else await refundPayment(db, merchantId, p.id, { amount });
            }
          } catch (error) {
            // Illegal moves are refused with a 4xx and must change nothing; anything else is a bug.
            if (!(error instanceof ApiError) || error.status >= 500) throw error;
          }
        }
        expect(await verifyLedger(db)).toEqual([]);
        const expected = db.all<{ currency: string; net: number }>(sql`
          SELECT currency, SUM(amount_captured - amount_refunded) AS net FROM payments
          WHERE status = 'success' GROUP BY currency ORDER BY currency`);
        const balance = await getBalance(db, merchantId);
        expect(balance.pending).toEqual(expected.map((r) => ({ amount: formatAmount(r.net, r.currency), currency: r.currency })));
        for (const row of db.all<{ amount_refunded: number; amount_captured: number }>(sql`SELECT * FROM payments`)) {
          expect(row.amount_refunded).toBeLessThanOrEqual(row.amount_captured);
        }
      }),
      { numRuns: 25 },
    );
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
    await createPayment(db, merchantId, { amount: '10.00', currency: 'USD', method: 'credit_card', payment_details: card });
    expect(await verifyLedger(db, merchantId)).toEqual([]);
    db.$client.exec("UPDATE ledger_accounts SET balance = balance + 1 WHERE type = 'merchant_pending'");
    const problems = await verifyLedger(db, merchantId);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'balance_mismatch' });
  });
});
