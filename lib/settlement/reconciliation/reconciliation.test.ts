import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { reconciliationItems, reconciliationRuns } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { createPayment } from '@/lib/payments/create-payment';
import { refundPayment } from '@/lib/payments/refund-payment';
import { dbWithMerchant } from '@/tests/test-db';
import { updateFeeSettings } from '../fees';
import { exportProcessorReport } from '../processor-report';
import { importReport } from './import-report';
import { parseProcessorReport } from './parse-processor-report';
import { getReconciliationRunOrThrow, listReconciliationItems, type ReconciliationItem } from './queries';
import { resolveReconciliationItem } from './resolve-reconciliation-item';
import { runSummary } from './schemas';

const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' };
const HEADER = 'date,processor_reference,type,amount,fee,currency';

// The simulated processors stamp their books with the clock, Tillpoint with the `now` it is
// given: faking Date keeps both on the chosen moment, as in production where both are "now".
function at(iso: string): number {
  const t = Date.parse(iso);
  vi.setSystemTime(t);
  return t;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

type Row = Record<'date' | 'processor_reference' | 'type' | 'amount' | 'fee' | 'currency', string>;
const rowsOf = (csv: string): Row[] => parse(csv, { columns: true });
const csvOf = (rows: Row[]) => stringify(rows, { header: true, columns: ['date', 'processor_reference', 'type', 'amount', 'fee', 'currency'] });

/** One business day: three card payments (one partly refunded), a wallet payment in EUR, a decline, and a payment the day before. */
async function tradingDay(db: Db, merchantId: string) {
  const pay = (amount: string, iso: string, extra: Record<string, unknown> = {}) =>
    createPayment(db, { merchantId, body: { amount, currency: 'USD', method: 'credit_card', payment_details: card, ...extra } as never, now: at(iso) });
  const dayBefore = await pay('60.00', '2026-03-01T23:00:00Z');
  const big = await pay('100.00', '2026-03-02T09:00:00Z');
  const small = await pay('25.50', '2026-03-02T10:00:00Z');
  const wallet = await pay('40.00', '2026-03-02T11:00:00Z', { currency: 'EUR', method: 'digital_wallet', payment_details: { wallet: 'apple_pay', token: 'tok_visa' } });
  const refunded = await pay('12.34', '2026-03-02T12:00:00Z');
  const declined = await pay('9.99', '2026-03-02T12:30:00Z', { payment_details: { ...card, number: '4000000000000002' } });
  const refund = await refundPayment(db, { merchantId, paymentId: refunded.id, amount: '5.00', now: at('2026-03-02T13:00:00Z') });
  expect([dayBefore, big, small, wallet, refunded].map((p) => p.status)).toEqual(['success', 'success', 'success', 'success', 'success']);
  expect(declined.status).toBe('failed');
  expect(refund.status).toBe('succeeded');
  return { dayBefore, big, small, wallet, refunded, refund };
}

const byLedgerId = (items: ReconciliationItem[], id: string) => items.find((i) => i.ledgerSourceId === id);

describe('processor report export', () => {
  it("lists the day's captured charges with the scheduled fee and its refunds with fee 0, from the processor's books", async () => {
    const { db, merchantId } = await dbWithMerchant();
    const day = await tradingDay(db, merchantId);
    const csv = await exportProcessorReport(db, merchantId, '2026-03-02', at('2026-03-03T00:00:00Z'));
    expect(csv.split('\n')[0]).toBe(HEADER);
    const rows = rowsOf(csv);
    expect(rows.map((r) => [r.type, r.amount, r.fee, r.currency])).toEqual([
      ['charge', '100.00', '3.20', 'USD'],
      ['charge', '25.50', '1.04', 'USD'], // 0.7395 → 0.74, + 0.30
      ['charge', '40.00', '1.00', 'EUR'],
      ['charge', '12.34', '0.66', 'USD'],
      ['refund', '5.00', '0.00', 'USD'],
    ]);
    expect(rows.every((r) => r.date === '2026-03-02')).toBe(true);
    expect(rows[0].processor_reference).toBe(day.big.processorReference);
    expect(rows[4].processor_reference).toBe(day.refund.processorReference);

    const other = await createMerchant(db, { name: 'Other' });
    expect(rowsOf(await exportProcessorReport(db, other.merchantId, '2026-03-02'))).toEqual([]);
    await expect(exportProcessorReport(db, merchantId, '2026-02-30')).rejects.toMatchObject({ code: 'parameter_invalid' });
  });
});

describe('reconciliation', () => {
  it('reconciles an exported report with zero breaks, even when refunds return their fee share', async () => {
    const { db, merchantId } = await dbWithMerchant();
    await updateFeeSettings(db, merchantId, { refund_fee_policy: 'proportional' }, at('2026-03-01T00:00:00Z'));
    await tradingDay(db, merchantId);
    const csv = await exportProcessorReport(db, merchantId, '2026-03-02');

    const { run, duplicate } = await importReport(db, { merchantId, csv, filename: 'day.csv', actor: 'ak_test', now: at('2026-03-03T08:00:00Z') });
    expect(duplicate).toBe(false);
    expect(run).toMatchObject({ lineCount: 5, filename: 'day.csv', createdBy: 'ak_test' });
    expect(run.summary).toMatchObject({
      date_from: '2026-03-02',
      date_to: '2026-03-02',
      breaks: 0,
      // Net: charges in, refunds out.
      matched: { count: 5, totals: { EUR: { amount: '40.00', fee: '1.00' }, USD: { amount: '132.84', fee: '4.90' } } },
      amount_mismatch: { count: 0, totals: {}, difference: {} },
      missing_in_ledger: { count: 0 },
      missing_in_report: { count: 0 },
    });
    // The schema the dashboard's types come from describes exactly what is stored.
    expect(runSummary.parse(run.summary)).toEqual(run.summary);
    const items = await listReconciliationItems(db, { merchantId, runId: run.id });
    expect(items.map((i) => i.result)).toEqual(Array(5).fill('matched'));
    expect(items.map((i) => i.lineNumber)).toEqual([2, 3, 4, 5, 6]);
    const refundItem = items.find((i) => i.report?.type === 'refund')!;
    expect(refundItem.ledger).toMatchObject({ type: 'refund', amount: '5.00', fee: '0.00', fee_returned: '0.27', matched_by: 'processor_reference' });
  });

  it('shows exactly the breaks a tampered report introduces', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const day = await tradingDay(db, merchantId);
    const rows = rowsOf(await exportProcessorReport(db, merchantId, '2026-03-02'));
    const row = (reference: string | null) => rows.find((r) => r.processor_reference === reference)!;
    row(day.small.processorReference).amount = '25.05'; // amount changed
    row(day.refunded.processorReference).fee = '0.70'; // fee changed
    rows.splice(rows.indexOf(row(day.wallet.processorReference)), 1); // line deleted
    rows.push({ date: '2026-03-02', processor_reference: 'sim_ch_NOT_OURS', type: 'charge', amount: '77.77', fee: '2.56', currency: 'USD' }); // unknown line

    const { run } = await importReport(db, { merchantId, csv: csvOf(rows), actor: 'ak_test', now: at('2026-03-03T08:00:00Z') });
    const items = await listReconciliationItems(db, { merchantId, runId: run.id });
    expect(items.filter((i) => i.result !== 'matched').map((i) => [i.result, i.ledgerSourceId ?? i.report?.processor_reference])).toEqual([
      ['amount_mismatch', day.small.id],
      ['amount_mismatch', day.refunded.id],
      ['missing_in_ledger', 'sim_ch_NOT_OURS'],
      ['missing_in_report', day.wallet.id],
    ]);
    expect(byLedgerId(items, day.small.id)!.difference).toEqual({ amount: '-0.45', fee: '0.00' });
    expect(byLedgerId(items, day.refunded.id)!.difference).toEqual({ amount: '0.00', fee: '0.04' });
    expect(byLedgerId(items, day.wallet.id)).toMatchObject({ lineNumber: null, report: null, ledger: { amount: '40.00', currency: 'EUR', date: '2026-03-02' } });
    expect(items.find((i) => i.result === 'missing_in_ledger')).toMatchObject({ lineNumber: 6, ledger: null, difference: null });
    expect(items.filter((i) => i.result === 'matched').map((i) => i.ledgerSourceId)).toEqual([day.big.id, day.refund.id]);
    // The payment of the day before is outside the report's days: not a break.
    expect(byLedgerId(items, day.dayBefore.id)).toBeUndefined();
    expect(run.summary).toMatchObject({
      breaks: 4,
      matched: { count: 2 },
      amount_mismatch: { count: 2, totals: { USD: { amount: '37.39', fee: '1.74' } }, difference: { USD: { amount: '-0.45', fee: '0.04' } } },
      missing_in_ledger: { count: 1, totals: { USD: { amount: '77.77', fee: '2.56' } } },
      missing_in_report: { count: 1, totals: { EUR: { amount: '40.00', fee: '1.00' } } },
    });
  });

  it('matches a line whose reference is unknown by amount, currency, type and date within a day', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const day = await tradingDay(db, merchantId);
    const rows = rowsOf(await exportProcessorReport(db, merchantId, '2026-03-02'));
    const line = rows.find((r) => r.processor_reference === day.small.processorReference)!;
    line.processor_reference = 'sim_ch_RENAMED';
    line.date = '2026-03-03'; // a day late: still within tolerance
    const { run } = await importReport(db, { merchantId, csv: csvOf(rows), actor: 'ak_test' });
    const item = byLedgerId(await listReconciliationItems(db, { merchantId, runId: run.id }), day.small.id)!;
    expect(item).toMatchObject({ result: 'matched', report: { processor_reference: 'sim_ch_RENAMED' }, ledger: { matched_by: 'amount_and_date' } });
    expect(run.summary).toMatchObject({ breaks: 0, date_from: '2026-03-02', date_to: '2026-03-03' });
  });

  it('detects a re-import of the same file and writes nothing new', async () => {
    const { db, merchantId } = await dbWithMerchant();
    await tradingDay(db, merchantId);
    const csv = await exportProcessorReport(db, merchantId, '2026-03-02');
    const first = await importReport(db, { merchantId, csv, actor: 'ak_test' });
    const again = await importReport(db, { merchantId, csv, filename: 'renamed.csv', actor: 'someone@example.com' });
    expect(again).toMatchObject({ duplicate: true, run: { id: first.run.id, createdBy: 'ak_test' } });
    expect(await db.select().from(reconciliationRuns)).toHaveLength(1);
    expect(await db.select().from(reconciliationItems)).toHaveLength(5);
    // The same file at another merchant is that merchant's own first import.
    const other = await createMerchant(db, { name: 'Other' });
    expect((await importReport(db, { merchantId: other.merchantId, csv, actor: 'ak_other' })).duplicate).toBe(false);
  });

  it('refuses a file with malformed rows, listing every bad line, and writes nothing', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const day = await tradingDay(db, merchantId);
    const csv = [
      HEADER,
      `2026-03-02,${day.big.processorReference},charge,100.00,3.20,USD`,
      `2026-03-02,${day.small.processorReference},charge,12.3.4,1.04,USD`,
      `2026-03-02,${day.refund.processorReference},refund,5.00,0,USD`,
      `2026-13-02,sim_ch_X,chargeback,10.001,0.30,XXX`,
      '',
    ].join('\n');
    const error = await importReport(db, { merchantId, csv, actor: 'ak_test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'report_invalid' });
    const message = (error as DomainError).message;
    expect(message).toContain('2 malformed lines; nothing was imported');
    expect(message).toContain("line 3: amount '12.3.4' is not a decimal");
    expect(message).toContain("line 5: date '2026-13-02' is not a YYYY-MM-DD day; type 'chargeback' is not charge or refund; currency 'XXX' is not a supported ISO 4217 code");
    expect(message).not.toMatch(/line [246]:/);
    expect(await db.select().from(reconciliationRuns)).toEqual([]);
    expect(await db.select().from(reconciliationItems)).toEqual([]);
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a header without rows', `${HEADER}\n`, /no rows/],
    ['a header missing columns', 'date,processor_reference,type,amount\n2026-03-02,x,charge,1.00\n', /lacks fee, currency/],
    ['broken CSV quoting', `${HEADER}\n2026-03-02,"x,charge,1.00,0,USD\n`, /not valid CSV/],
    ['a row with too few fields', `${HEADER}\n2026-03-02,x,charge,1.00\n`, /line 2: expected 6 fields, got 4/],
    ['too many decimals, zero and negative amounts', `${HEADER}\n2026-03-02,a,charge,1.001,0,USD\n2026-03-02,b,charge,0.00,0,USD\n2026-03-02,c,refund,-1,0,USD\n`, /line 2: amount '1.001' has 3 decimals; USD allows 2\nline 3: amount '0.00' must be greater than zero\nline 4: amount '-1' is not a decimal/],
    ['a repeated reference', `${HEADER}\n2026-03-02,a,charge,1.00,0,USD\n2026-03-02,a,charge,1.00,0,USD\n`, /line 3: charge a repeats line 2/],
  ])('refuses %s', (_, csv, message) => {
    expect(() => parseProcessorReport(csv)).toThrow(message);
  });

  it('accepts columns in any order, any case, with a BOM, CRLF and fee "0"', () => {
    const csv = '\ufeffCurrency,Type,Date,Processor_Reference,Fee,Amount,Note\r\njpy,refund,2026-03-02,sim_re_1,0,1000,hi\r\n';
    expect(parseProcessorReport(csv)).toEqual([
      { lineNumber: 2, date: '2026-03-02', dayStart: Date.parse('2026-03-02T00:00:00Z'), reference: 'sim_re_1', type: 'refund', amount: 1000, fee: 0, currency: 'JPY' },
    ]);
  });

  it('resolves a break once, with who, when and a note; never a matched item', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const day = await tradingDay(db, merchantId);
    const rows = rowsOf(await exportProcessorReport(db, merchantId, '2026-03-02'));
    rows.find((r) => r.processor_reference === day.big.processorReference)!.amount = '101.00';
    const { run } = await importReport(db, { merchantId, csv: csvOf(rows), actor: 'ak_test' });
    const items = await listReconciliationItems(db, { merchantId, runId: run.id });
    const brk = items.find((i) => i.result === 'amount_mismatch')!;
    const matched = items.find((i) => i.result === 'matched')!;
    expect(await listReconciliationItems(db, { merchantId, runId: run.id, result: 'breaks' })).toEqual([brk]);

    await expect(resolveReconciliationItem(db, { merchantId, itemId: brk.id, note: '  ', actor: 'ak_test' })).rejects.toMatchObject({ code: 'parameter_missing' });
    const resolvedAt = at('2026-03-04T10:00:00Z');
    const resolved = await resolveReconciliationItem(db, { merchantId, itemId: brk.id, note: ' Processor confirmed a 1.00 surcharge ', actor: 'finance@example.com', now: resolvedAt });
    expect(resolved).toMatchObject({ resolvedBy: 'finance@example.com', resolvedAt, resolutionNote: 'Processor confirmed a 1.00 surcharge' });
    await expect(resolveReconciliationItem(db, { merchantId, itemId: brk.id, note: 'again', actor: 'ak_test' })).rejects.toMatchObject({
      code: 'reconciliation_item_state_invalid',
      message: expect.stringContaining('already resolved by finance@example.com'),
    });
    await expect(resolveReconciliationItem(db, { merchantId, itemId: matched.id, note: 'nothing to do', actor: 'ak_test' })).rejects.toMatchObject({ code: 'reconciliation_item_state_invalid' });

    const other = await createMerchant(db, { name: 'Other' });
    await expect(resolveReconciliationItem(db, { merchantId: other.merchantId, itemId: brk.id, note: 'not mine', actor: 'ak_other' })).rejects.toMatchObject({ code: 'resource_missing' });
    await expect(getReconciliationRunOrThrow(db, { merchantId: other.merchantId, runId: run.id })).rejects.toMatchObject({ code: 'resource_missing' });
    expect((await listReconciliationItems(db, { merchantId, runId: run.id })).find((i) => i.id === brk.id)!.resolvedBy).toBe('finance@example.com');
  });
});
