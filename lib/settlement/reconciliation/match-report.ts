import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { balanceTransactions, payments, refunds, type ReconciliationResult } from '@/db/schema';
import { formatAmount } from '@/lib/money/money';
import { DAY_MS } from '../processor-report';
import type { LineType, ReportLine } from './parse-processor-report';

/** A charge or refund in Tillpoint's ledger (its balance transaction), amounts positive. */
export type LedgerRecord = {
  sourceId: string;
  type: LineType;
  reference: string | null;
  amount: number;
  /** What the processor report should show as the fee: the charge's fee; 0 for a refund. */
  fee: number;
  /** For refunds: the part of the charge's fee Tillpoint returned to the merchant (its own policy, unknown to the processor). */
  feeReturned: number;
  currency: string;
  at: number;
};

/** What became of one report line or one ledger record of the report's days. */
export type Outcome = {
  result: ReconciliationResult;
  line: ReportLine | null;
  record: LedgerRecord | null;
  matchedBy?: 'processor_reference' | 'amount_and_date';
};

const chargeRecord = {
  sourceId: balanceTransactions.sourceId,
  amount: balanceTransactions.amount,
  fee: balanceTransactions.fee,
  currency: balanceTransactions.currency,
  at: balanceTransactions.createdAt,
  reference: payments.processorReference,
};
const refundRecord = { ...chargeRecord, reference: refunds.processorReference };

/** Charges and refunds of the merchant's ledger (balance transactions) that satisfy `where`. */
async function ledgerRecords(tx: Db, merchantId: string, where: { charges: SQL | undefined; refunds: SQL | undefined }): Promise<LedgerRecord[]> {
  const charges = await tx
    .select(chargeRecord)
    .from(balanceTransactions)
    .innerJoin(payments, eq(payments.id, balanceTransactions.sourceId))
    .where(and(eq(balanceTransactions.merchantId, merchantId), eq(balanceTransactions.type, 'charge'), where.charges));
  const refunded = await tx
    .select(refundRecord)
    .from(balanceTransactions)
    .innerJoin(refunds, eq(refunds.id, balanceTransactions.sourceId))
    .where(and(eq(balanceTransactions.merchantId, merchantId), eq(balanceTransactions.type, 'refund'), eq(refunds.status, 'succeeded'), where.refunds));
  return [
    ...charges.map((r) => ({ ...r, type: 'charge' as const, feeReturned: 0 })),
    // A refund's balance transaction is negative; its fee is the fee share returned (negative too).
    ...refunded.map((r) => ({ ...r, type: 'refund' as const, amount: -r.amount, fee: 0, feeReturned: -r.fee })),
  ];
}

const recordKey = (type: LineType, reference: string) => `${type} ${reference}`;

/**
 * Matches report lines to ledger records: first by processor reference (charge lines to
 * payments, refund lines to succeeded refunds), then each line still unmatched to an unclaimed
 * record of the same type, currency and amount within ±1 day of the line's date (the closest
 * in time wins). Ledger records of the report's days (first to last date in the file) that no
 * line claimed are `missing_in_report`.
 */
export async function matchReport(tx: Db, { merchantId, lines }: { merchantId: string; lines: ReportLine[] }): Promise<Outcome[]> {
  const firstDay = lines.reduce((min, l) => Math.min(min, l.dayStart), Infinity);
  const lastDayEnd = lines.reduce((max, l) => Math.max(max, l.dayStart), -Infinity) + DAY_MS;
  // The days of the report, widened by the ±1 day tolerance of the amount match.
  const windowRecords = await ledgerRecords(tx, merchantId, {
    charges: and(gte(balanceTransactions.createdAt, firstDay - DAY_MS), lt(balanceTransactions.createdAt, lastDayEnd + DAY_MS)),
    refunds: and(gte(balanceTransactions.createdAt, firstDay - DAY_MS), lt(balanceTransactions.createdAt, lastDayEnd + DAY_MS)),
  });
  const byReference = new Map<string, LedgerRecord>();
  const byAmount = new Map<string, LedgerRecord[]>();
  const amountKey = (r: { type: LineType; currency: string; amount: number }) => `${r.type} ${r.currency} ${r.amount}`;
  for (const record of windowRecords) {
    if (record.reference) byReference.set(recordKey(record.type, record.reference), record);
    const same = byAmount.get(amountKey(record));
    if (same) same.push(record);
    else byAmount.set(amountKey(record), [record]);
  }

  // References outside the window (a report line for a much older capture) are looked up directly.
  const unseen = { charge: [] as string[], refund: [] as string[] };
  for (const line of lines) if (!byReference.has(recordKey(line.type, line.reference))) unseen[line.type].push(line.reference);
  for (let i = 0; i < Math.max(unseen.charge.length, unseen.refund.length); i += 500) {
    const charges = unseen.charge.slice(i, i + 500);
    const refundRefs = unseen.refund.slice(i, i + 500);
    const found = await ledgerRecords(tx, merchantId, {
      charges: charges.length > 0 ? and(eq(payments.merchantId, merchantId), inArray(payments.processorReference, charges)) : sql`false`,
      refunds: refundRefs.length > 0 ? and(eq(refunds.merchantId, merchantId), inArray(refunds.processorReference, refundRefs)) : sql`false`,
    });
    for (const record of found) if (record.reference) byReference.set(recordKey(record.type, record.reference), record);
  }

  const claimed = new Set<LedgerRecord>();
  const outcomes = new Map<ReportLine, Outcome>();
  const claim = (line: ReportLine, record: LedgerRecord, matchedBy: Outcome['matchedBy']) => {
    claimed.add(record);
    outcomes.set(line, { result: compare(line, record).result, line, record, matchedBy });
  };

  for (const line of lines) {
    const record = byReference.get(recordKey(line.type, line.reference));
    if (record && !claimed.has(record)) claim(line, record, 'processor_reference');
  }
  for (const line of lines) {
    if (outcomes.has(line)) continue;
    const noon = line.dayStart + DAY_MS / 2;
    const candidate = (byAmount.get(amountKey(line)) ?? [])
      .filter((r) => !claimed.has(r) && r.at >= line.dayStart - DAY_MS && r.at < line.dayStart + 2 * DAY_MS)
      .sort((a, b) => Math.abs(a.at - noon) - Math.abs(b.at - noon) || a.sourceId.localeCompare(b.sourceId))[0];
    if (candidate) claim(line, candidate, 'amount_and_date');
    else outcomes.set(line, { result: 'missing_in_ledger', line, record: null });
  }

  const missingInReport = windowRecords
    .filter((r) => !claimed.has(r) && r.at >= firstDay && r.at < lastDayEnd)
    .sort((a, b) => a.at - b.at || a.sourceId.localeCompare(b.sourceId))
    .map((record): Outcome => ({ result: 'missing_in_report', line: null, record }));
  return [...lines.map((line) => outcomes.get(line)!), ...missingInReport];
}

/** Report − ledger for a line and the record it was matched to. */
export function compare(line: ReportLine, record: LedgerRecord): { result: ReconciliationResult; difference: Record<string, string> | null } {
  if (line.currency !== record.currency) {
    return { result: 'amount_mismatch', difference: { currency: `report ${line.currency}, ledger ${record.currency}` } };
  }
  const amount = line.amount - record.amount;
  const fee = line.fee - record.fee;
  if (amount === 0 && fee === 0) return { result: 'matched', difference: null };
  return { result: 'amount_mismatch', difference: { amount: formatAmount(amount, line.currency), fee: formatAmount(fee, line.currency) } };
}
