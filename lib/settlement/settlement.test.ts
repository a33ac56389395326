import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transaction } from '@/db/client';
import { balanceTransactions, payments, payouts, settlementBatches } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { getBalance } from '@/lib/ledger/balance';
import { verifyLedger } from '@/lib/ledger/verify-ledger';
import { createPayment } from '@/lib/payments/create-payment';
import { refundPayment } from '@/lib/payments/refund-payment';
import { dbWithMerchant } from '@/tests/test-db';
import { availableOn, releaseAvailableFunds } from './balance-transactions';
import { currencies } from '@/lib/money/money';
import { computeFee, defaultFeeSchedules, FEE_AMOUNT_EXPONENT, feeSettings, feeSettingsBody, feeShareOfRefund, getFeeSchedule, updateFeeSettings } from './fees';
import { createManualPayout, finishPayout, progressPayouts, runSettlement } from './payouts';

const DAY = 86_400_000;
const MONDAY = Date.parse('2026-03-02T15:30:00Z');
const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' };

describe('fees', () => {
  it('follows the default schedule in minor units with half-even rounding', () => {
    const fee = (amount: number, currency: string, method: keyof typeof defaultFeeSchedules) => computeFee(amount, currency, defaultFeeSchedules[method]);
    expect(fee(10_000, 'USD', 'credit_card')).toBe(320); // 2.9% of 100.00 + 0.30
    expect(fee(12_550, 'USD', 'credit_card')).toBe(394); // 363.95 → 364, + 30
    expect(fee(50, 'USD', 'credit_card')).toBe(31); // 1.45 → 1 (half-even), + 30
    expect(fee(150, 'USD', 'credit_card')).toBe(34); // 4.35 → 4, + 30
    expect(fee(10, 'USD', 'credit_card')).toBe(10); // never more than the amount
    expect(fee(100_000, 'USD', 'bank_transfer')).toBe(500); // 0.8% of 1,000.00 = 8.00, capped at 5.00
    expect(fee(10_000, 'USD', 'bank_transfer')).toBe(80);
    expect(fee(10_000, 'EUR', 'digital_wallet')).toBe(250);
    expect(fee(10_000, 'GBP', 'crypto')).toBe(100);
    expect(fee(1_000, 'JPY', 'credit_card')).toBe(29); // 29 yen; 0.30 JPY rounds to 0
    expect(fee(1_250, 'BHD', 'crypto')).toBe(12); // 12.5 fils → 12 (half-even)
  });

  it('keeps fixed parts and caps in thousandths and applies them in each currency’s own minor units', () => {
    // 1.5% + 0.255, capped at 2.005: a schedule finer than cents, to show every rounding.
    const schedule = { ratePpm: 15_000, fixedThousandths: 255, capThousandths: 2_005 };
    expect(computeFee(10_000, 'USD', schedule)).toBe(176); // 150 + 25.5 → 26 (half-even)
    expect(computeFee(10_000, 'HUF', schedule)).toBe(176); // HUF has fillér (ISO 2 decimals), like cents
    expect(computeFee(10_000, 'BHD', schedule)).toBe(405); // 150 fils + 255 fils, exact
    expect(computeFee(1_000_000, 'BHD', schedule)).toBe(2_005); // 15,000 + 255 fils, capped at 2.005 BHD
    expect(computeFee(10_000, 'ISK', { ...schedule, capThousandths: null })).toBe(150); // 0.255 ISK rounds to 0 krónur
    expect(computeFee(10_000, 'ISK', schedule)).toBe(2); // and the cap of 2.005 to 2
    expect(computeFee(10_000, 'JPY', { ...schedule, fixedThousandths: 1_500, capThousandths: null })).toBe(152); // 1.5 yen → 2 (half-even)
    expect(computeFee(100_000, 'JPY', schedule)).toBe(2); // capped: 2.005 yen → 2
    // The largest payment: 2.9% of 999,999,999.990 BHD is exact although the product passes 2^53.
    expect(computeFee(999_999_999_990, 'BHD', defaultFeeSchedules.credit_card)).toBe(29_000_000_000 + 300);
  });

  it('has no currency finer than the thousandths fee amounts are kept in', () => {
    expect(Math.max(...Object.values(currencies))).toBeLessThanOrEqual(FEE_AMOUNT_EXPONENT);
  });

  it('stores the settings API’s decimal strings as thousandths and answers in the same format', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const body = feeSettingsBody.parse({
      schedules: { credit_card: { rate_percent: '2.25', fixed: '0.3', cap: '12.345' }, crypto: { rate_percent: '1' } },
    });
    await updateFeeSettings(db, merchantId, body);
    expect(await getFeeSchedule(db, merchantId, 'credit_card')).toEqual({ ratePpm: 22_500, fixedThousandths: 300, capThousandths: 12_345 });
    expect(await getFeeSchedule(db, merchantId, 'crypto')).toEqual({ ratePpm: 10_000, fixedThousandths: 0, capThousandths: null });
    const shown = await feeSettings(db, merchantId);
    expect(shown.schedules.credit_card).toEqual({ rate_percent: '2.25', fixed: '0.30', cap: '12.345' });
    expect(shown.schedules.crypto).toEqual({ rate_percent: '1', fixed: '0', cap: null });
    expect(shown.schedules.bank_transfer).toEqual({ rate_percent: '0.8', fixed: '0', cap: '5.00' });
  });

  it('refuses fee amounts it could not store exactly, and rates above 100%', () => {
    const issue = (schedule: Record<string, unknown>) => {
      const result = feeSettingsBody.safeParse({ schedules: { credit_card: { rate_percent: '2.9', ...schedule } } });
      return result.success ? 'ok' : result.error.issues[0].message;
    };
    expect(issue({ fixed: '0.3001' })).toBe('must be a decimal string such as "0.30" with at most 3 decimals');
    expect(issue({ cap: '1000000000' })).toBe('must be at most 999999999.99');
    expect(issue({ cap: '99999999999999999999999' })).toBe('must be at most 999999999.99');
    expect(issue({ cap: '999999999.99' })).toBe('ok');
    expect(issue({ rate_percent: '2.12345' })).toBe('must be a percentage such as "2.9" with at most 4 decimals');
    expect(issue({ rate_percent: '100.0001' })).toBe('must be at most 100');
    expect(issue({ fixed: '-1' })).toBe('must be a decimal string such as "0.30" with at most 3 decimals');
  });

  it('returns the whole fee across proportional refunds, to the minor unit', () => {
    const payment = { fee: 320, feeRefunded: 0, amountCaptured: 10_000, amountRefunded: 0 };
    const first = feeShareOfRefund(payment, 3_333);
    const second = feeShareOfRefund({ ...payment, feeRefunded: first, amountRefunded: 3_333 }, 3_333);
    const last = feeShareOfRefund({ ...payment, feeRefunded: first + second, amountRefunded: 6_666 }, 3_334);
    expect([first, second, last]).toEqual([107, 107, 106]);
    expect(first + second + last).toBe(320);
  });
});

describe('availability, settlement and payouts', () => {
  it('makes card funds available at T+2 and pays them out once per day, however often settlement runs', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const payment = await createPayment(db, { merchantId, body: { amount: '100.00', currency: 'USD', method: 'credit_card', payment_details: card }, now: MONDAY });
    expect(availableOn('credit_card', MONDAY)).toBe(Date.parse('2026-03-04T00:00:00Z'));

    await transaction(db, (tx) => releaseAvailableFunds(tx, Date.parse('2026-03-03T23:59:59Z')));
    expect(await getBalance(db, merchantId)).toMatchObject({ pending: [{ amount: '96.80' }], available: [] });
    await transaction(db, (tx) => releaseAvailableFunds(tx, Date.parse('2026-03-04T00:00:00Z')));
    expect(await getBalance(db, merchantId)).toMatchObject({ pending: [{ amount: '0.00' }], available: [{ amount: '96.80' }] });

    const now = Date.parse('2026-03-05T01:00:00Z');
    const [first] = await runSettlement(db, '2026-03-04', { now });
    expect(first).toMatchObject({ transactions: 1, total: 9_680, created: true });
    const [again] = await runSettlement(db, '2026-03-04', { now: now + 1000 });
    expect(again).toMatchObject({ payoutId: first.payoutId, created: false });
    expect(await db.select().from(payouts)).toHaveLength(1);
    expect(await db.select().from(settlementBatches)).toHaveLength(1);

    const [txn] = await db.select().from(balanceTransactions).where(eq(balanceTransactions.sourceId, payment.id));
    expect(txn).toMatchObject({ type: 'charge', amount: 10_000, fee: 320, net: 9_680, status: 'available', payoutId: first.payoutId });
    expect(await getBalance(db, merchantId)).toMatchObject({ available: [{ amount: '0.00' }] });

    await progressPayouts(db, now); // leaves the bank
    await progressPayouts(db, now + 2 * DAY); // arrives
    expect((await db.select().from(payouts))[0].status).toBe('paid');
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('carries a negative balance forward instead of paying out, and recovers it from later sales', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const payment = await createPayment(db, { merchantId, body: { amount: '50.00', currency: 'USD', method: 'credit_card', payment_details: card }, now: MONDAY });
    await transaction(db, (tx) => releaseAvailableFunds(tx, MONDAY + 3 * DAY));
    await runSettlement(db, '2026-03-04', { now: MONDAY + 3 * DAY });
    await refundPayment(db, { merchantId, paymentId: payment.id, now: MONDAY + 4 * DAY }); // after the payout
    expect((await getBalance(db, merchantId)).available).toEqual([{ amount: '-50.00', currency: 'USD' }]);
    const [carried] = await runSettlement(db, '2026-03-06', { now: MONDAY + 5 * DAY });
    expect(carried).toMatchObject({ total: -5_000, payoutId: null });

    await createPayment(db, { merchantId, body: { amount: '80.00', currency: 'USD', method: 'credit_card', payment_details: card }, now: MONDAY + 5 * DAY });
    await transaction(db, (tx) => releaseAvailableFunds(tx, MONDAY + 8 * DAY));
    const [recovered] = await runSettlement(db, '2026-03-09', { now: MONDAY + 8 * DAY });
    expect(recovered.total).toBe(8_000 - 262 - 5_000); // 80.00 − 2.62 fee − the 50.00 carried
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('never lets concurrent manual payouts overdraw, and a failed payout returns its funds', async () => {
    const { db, merchantId } = await dbWithMerchant();
    await createPayment(db, { merchantId, body: { amount: '100.00', currency: 'USD', method: 'credit_card', payment_details: card }, now: MONDAY });
    await transaction(db, (tx) => releaseAvailableFunds(tx, MONDAY + 3 * DAY));
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, () => createManualPayout(db, { merchantId, actor: 'owner', body: { amount: '10.00', currency: 'USD' }, now: MONDAY + 3 * DAY })),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(9); // 9 × 10.00 ≤ 96.80
    for (const a of attempts.filter((a) => a.status === 'rejected')) {
      expect((a.reason as DomainError).code).toBe('payout_exceeds_available');
    }
    expect((await getBalance(db, merchantId)).available).toEqual([{ amount: '6.80', currency: 'USD' }]);

    const [first] = await db.select().from(payouts).limit(1);
    await finishPayout(db, merchantId, first.id, 'failed', MONDAY + 3 * DAY);
    expect((await getBalance(db, merchantId)).available).toEqual([{ amount: '16.80', currency: 'USD' }]);
    await expect(finishPayout(db, merchantId, first.id, 'paid')).rejects.toMatchObject({ code: 'payout_state_invalid' });
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('returns the fee share with a refund under the proportional policy', async () => {
    const { db, merchantId } = await dbWithMerchant();
    await updateFeeSettings(db, merchantId, { refund_fee_policy: 'proportional' });
    const payment = await createPayment(db, { merchantId, body: { amount: '100.00', currency: 'USD', method: 'credit_card', payment_details: card }, now: MONDAY });
    await refundPayment(db, { merchantId, paymentId: payment.id, amount: '50.00', now: MONDAY + 1000 });
    await refundPayment(db, { merchantId, paymentId: payment.id, now: MONDAY + 2000 });
    const [row] = await db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row).toMatchObject({ fee: 320, feeRefunded: 320, amountRefunded: 10_000 });
    const refundsNet = db.all<{ net: number }>(sql`SELECT sum(net) AS net FROM balance_transactions WHERE type = 'refund'`)[0].net;
    expect(refundsNet).toBe(-10_000 + 320);
    expect(await verifyLedger(db)).toEqual([]);
  });
});
