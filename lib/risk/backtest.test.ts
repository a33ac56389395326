import { describe, expect, it } from 'vitest';
import { transaction, type Db } from '@/db/client';
import { payments, type PaymentMethod, type PaymentStatus } from '@/db/schema';
import type { DomainError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { dbWithMerchant } from '@/tests/test-db';
import { backtestRule } from './backtest';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

type Row = { amount: number; method: PaymentMethod; status?: PaymentStatus; customerId?: string; at: number };

/** Recorded payments as the payment service leaves them; amounts in USD cents. */
async function insertPayments(db: Db, merchantId: string, rows: Row[]): Promise<string[]> {
  return transaction(db, async (tx) => {
    const ids: string[] = [];
    for (const row of rows) {
      const id = newId('pay', row.at);
      await tx.insert(payments).values({
        id,
        merchantId,
        amount: row.amount,
        currency: 'USD',
        method: row.method,
        status: row.status ?? 'success',
        failureCode: row.status === 'failed' ? 'card_declined' : null,
        captureOnConfirm: true,
        customerId: row.customerId ?? null,
        metadata: {},
        details: {},
        riskScore: 0,
        riskLevel: 'normal',
        riskRecommendation: 'approve',
        riskFactors: [],
        createdAt: row.at,
        updatedAt: row.at,
      });
      ids.push(id);
    }
    return ids;
  });
}

const LARGE_CRYPTO = 'amount > 100 && method == "crypto"';

describe('backtestRule', () => {
  it('counts what a draft rule would have flagged among the merchant’s payments', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const other = await createMerchant(db, { name: 'Other merchant' });
    const [, big, bigger, , declined] = await insertPayments(db, merchantId, [
      { amount: 5_000, method: 'crypto', at: T0 },
      { amount: 15_000, method: 'crypto', at: T0 + MINUTE },
      { amount: 50_000, method: 'crypto', status: 'processing', at: T0 + 2 * MINUTE },
      { amount: 100_000, method: 'credit_card', at: T0 + 3 * MINUTE },
      { amount: 10_100, method: 'crypto', status: 'failed', at: T0 + 4 * MINUTE },
      { amount: 10_000, method: 'crypto', at: T0 + 5 * MINUTE }, // exactly 100.00: not above
    ]);
    await insertPayments(db, other.merchantId, [
      { amount: 99_000, method: 'crypto', at: T0 },
      { amount: 99_000, method: 'crypto', at: T0 + MINUTE },
    ]);

    const result = await backtestRule(db, merchantId, { expression: LARGE_CRYPTO, action: 'block' });
    expect(result).toEqual({
      object: 'risk_rule_backtest',
      expression: LARGE_CRYPTO,
      action: 'block',
      score: 0,
      evaluated: 6,
      matched: 3,
      match_rate: 0.5,
      matched_by_status: { pending: 0, processing: 1, requires_capture: 0, success: 1, failed: 1, cancelled: 0 },
      examples: [declined, bigger, big], // newest first
      errors: 0,
    });

    // The limit takes the newest payments: the last three hold one match.
    const recent = await backtestRule(db, merchantId, { expression: LARGE_CRYPTO }, { limit: 3 });
    expect(recent).toMatchObject({ evaluated: 3, matched: 1, examples: [declined], action: 'score' });
    expect(recent.match_rate).toBeCloseTo(0.3333, 4);

    const all = await backtestRule(db, merchantId, { expression: LARGE_CRYPTO }, { limit: 5000 });
    expect(all.evaluated).toBe(6);
  });

  it('recomputes each payment’s features as of its own creation time', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const ids = await insertPayments(db, merchantId, [
      { amount: 1_000, method: 'credit_card', customerId: 'cus_1', at: T0 - 2 * 24 * 60 * MINUTE }, // outside 24 h of the rest
      { amount: 1_000, method: 'credit_card', customerId: 'cus_1', at: T0 },
      { amount: 1_000, method: 'credit_card', customerId: 'cus_1', at: T0 + MINUTE },
      { amount: 1_000, method: 'credit_card', customerId: 'cus_1', at: T0 + 2 * MINUTE },
      { amount: 1_000, method: 'credit_card', customerId: 'cus_2', at: T0 + 3 * MINUTE },
    ]);
    // Only the fourth payment had two earlier payments of its customer in the preceding 24 h.
    const busy = await backtestRule(db, merchantId, { expression: 'customer_payments_24h >= 2' });
    expect(busy).toMatchObject({ evaluated: 5, matched: 1, examples: [ids[3]] });

    const firsts = await backtestRule(db, merchantId, { expression: 'customer_is_new' });
    expect(firsts.examples).toEqual([ids[4], ids[0]]);
  });

  it('counts run-time errors instead of failing', async () => {
    const { db, merchantId } = await dbWithMerchant();
    await insertPayments(db, merchantId, [
      { amount: 1_000, method: 'credit_card', customerId: 'cus_1', status: 'failed', at: T0 },
      { amount: 1_000, method: 'credit_card', customerId: 'cus_1', at: T0 + MINUTE },
      { amount: 1_000, method: 'credit_card', at: T0 + 2 * MINUTE },
    ]);
    // No earlier failures means 0 / 0 for the first and third: an integer division by zero.
    const result = await backtestRule(db, merchantId, { expression: 'customer_payments_24h / customer_failures_24h >= 1' });
    expect(result).toMatchObject({ evaluated: 3, matched: 1, errors: 2 });
  });

  it('validates the draft before touching any payment', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const fails = (p: Promise<unknown>) => p.then(() => 'ok', (e: DomainError) => `${e.code}:${e.param}`);
    await expect(backtestRule(db, merchantId, { expression: 'amount >' })).rejects.toMatchObject({
      code: 'rule_expression_invalid',
      message: expect.stringMatching(/^Syntax error at line 1, column 9/),
    });
    expect(await fails(backtestRule(db, merchantId, { expression: 'amount' }))).toBe('rule_expression_invalid:expression');
    expect(await fails(backtestRule(db, merchantId, { expression: 'amount > 1' }, { limit: 0 }))).toBe('parameter_invalid:limit');
    expect(await fails(backtestRule(db, merchantId, { expression: 'amount > 1' }, { limit: 5001 }))).toBe('parameter_invalid:limit');
    expect(await backtestRule(db, merchantId, { expression: 'amount > 1' })).toMatchObject({ evaluated: 0, matched: 0, match_rate: 0 });
  });
});
