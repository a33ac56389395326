import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { balanceTransactions, payments, reconciliationItems, reconciliationResults, reconciliationRuns, refunds, type ReconciliationResult } from '@/db/schema';
import { ApiError, notFound } from '@/lib/http/errors';
import { newId } from '@/lib/ids';
import { checkAmount, currencies, formatAmount, isCurrencyCode, isPlainDecimal, type CurrencyCode } from '@/lib/money/money';
import { DAY_MS, reportColumns, utcDate, utcDayStart } from './processor-report';
import { pageOf } from '@/lib/http/list';

export type ReconciliationRun = typeof reconciliationRuns.$inferSelect;
export type ReconciliationItem = typeof reconciliationItems.$inferSelect;

type LineType = 'charge' | 'refund';

/** One parsed, valid line of a processor report; amounts in minor units. */
export type ReportLine = {
  lineNumber: number;
  date: string;
  dayStart: number;
  reference: string;
  type: LineType;
  amount: number;
  fee: number;
  currency: CurrencyCode;
};

/** A charge or refund in Tillpoint's ledger (its balance transaction), amounts positive. */
type LedgerRecord = {
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

const MAX_REPORT_LINES = 100_000;
// Every bad line is listed up to this many; beyond it the message only counts them, so a file
// that is wrong on every line does not become a multi-megabyte error.
const MAX_LISTED_PROBLEMS = 1_000;

const invalidReport = (message: string) => new ApiError('report_invalid', message);
const shown = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** A decimal amount of the line's currency in minor units, or null with the reason added. */
function readAmount(name: string, value: string, currency: CurrencyCode | null, reasons: string[], zeroAllowed: boolean): number | null {
  if (value === '') {
    reasons.push(`${name} is empty`);
    return null;
  }
  if (currency === null) {
    if (!isPlainDecimal(value)) reasons.push(`${name} '${shown(value)}' is not a decimal`);
    return null;
  }
  const checked = checkAmount(value, currency, name);
  if (checked.ok) return checked.minor;
  switch (checked.problem) {
    case 'zero':
      if (zeroAllowed) return 0;
      reasons.push(`${name} '${value}' must be greater than zero`);
      break;
    case 'too_many_decimals':
      reasons.push(`${name} '${value}' has ${value.split('.')[1].length} decimals; ${currency} allows ${currencies[currency]}`);
      break;
    case 'over_maximum':
      reasons.push(`${name} '${shown(value)}' is above the maximum`);
      break;
    default:
      reasons.push(`${name} '${shown(value)}' is not a decimal`);
  }
  return null;
}

/**
 * Parses a processor settlement report (CSV with a header naming at least `date,
 * processor_reference, type, amount, fee, currency`, in any order, extra columns ignored).
 * Every row is checked; if any is malformed, one `report_invalid` lists each bad line with its
 * number (the file's physical line, header = line 1) and reason.
 */
export function parseProcessorReport(csv: string): ReportLine[] {
  if (csv.trim() === '') throw invalidReport(`The report is empty: expected the header "${reportColumns.join(',')}" and one row per transaction.`);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) throw invalidReport(`The report is not valid CSV (line ${String(error.lines)}): ${error.message}; nothing was imported.`);
    throw error;
  }
  const [header, ...rows] = records;
  const names = header.record.map((name) => name.toLowerCase());
  const missing = reportColumns.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw invalidReport(`The report's header (line ${header.info.lines}) lacks ${missing.join(', ')}: expected the columns ${reportColumns.join(',')}.`);
  }
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) throw invalidReport(`The report's header (line ${header.info.lines}) repeats ${[...new Set(repeated)].join(', ')}.`);
  if (rows.length === 0) throw invalidReport('The report has a header but no rows: there is nothing to reconcile.');
  if (rows.length > MAX_REPORT_LINES) throw invalidReport(`The report has ${rows.length} rows; import at most ${MAX_REPORT_LINES} per file.`);

  const column = Object.fromEntries(reportColumns.map((name) => [name, names.indexOf(name)])) as Record<(typeof reportColumns)[number], number>;
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const lines: ReportLine[] = [];
  for (const { record, info } of rows) {
    const lineNumber = info.lines;
    if (record.length !== names.length) {
      problems.push(`line ${lineNumber}: expected ${names.length} fields, got ${record.length}`);
      continue;
    }
    const field = (name: (typeof reportColumns)[number]) => record[column[name]];
    const reasons: string[] = [];
    const date = field('date');
    const dayStart = utcDayStart(date);
    if (dayStart === null) reasons.push(`date '${shown(date)}' is not a YYYY-MM-DD day`);
    const reference = field('processor_reference');
    if (reference === '') reasons.push('processor_reference is empty');
    else if (reference.length > 255) reasons.push('processor_reference is longer than 255 characters');
    const type = field('type');
    if (type !== 'charge' && type !== 'refund') reasons.push(`type '${shown(type)}' is not charge or refund`);
    const currency = field('currency').toUpperCase();
    const known = isCurrencyCode(currency);
    if (!known) reasons.push(`currency '${shown(field('currency'))}' is not a supported ISO 4217 code`);
    const amount = readAmount('amount', field('amount'), known ? currency : null, reasons, false);
    const fee = readAmount('fee', field('fee'), known ? currency : null, reasons, true);
    if (reasons.length > 0) {
      problems.push(`line ${lineNumber}: ${reasons.join('; ')}`);
      continue;
    }
    // A processor reference names one transaction: the same one twice is a broken file, not a break.
    const key = `${type} ${reference}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`line ${lineNumber}: ${type} ${shown(reference)} repeats line ${first}`);
      continue;
    }
    seen.set(key, lineNumber);
    lines.push({ lineNumber, date, dayStart: dayStart!, reference, type: type as LineType, amount: amount!, fee: fee!, currency: currency as CurrencyCode });
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length - listed.length;
    throw invalidReport(
      [`The report has ${problems.length} malformed line${problems.length === 1 ? '' : 's'}; nothing was imported.`, ...listed, ...(more > 0 ? [`… and ${more} more`] : [])].join('\n'),
    );
  }
  return lines;
}

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

type Outcome = {
  result: ReconciliationResult;
  line: ReportLine | null;
  record: LedgerRecord | null;
  matchedBy?: 'processor_reference' | 'amount_and_date';
};

/**
 * Matches report lines to ledger records: first by processor reference (charge lines to
 * payments, refund lines to succeeded refunds), then each line still unmatched to an unclaimed
 * record of the same type, currency and amount within ±1 day of the line's date (the closest
 * in time wins). Ledger records of the report's days (first to last date in the file) that no
 * line claimed are `missing_in_report`.
 */
async function matchReport(tx: Db, merchantId: string, lines: ReportLine[]): Promise<Outcome[]> {
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
      charges: charges.length > 0 ? and(eq(payments.merchantId, merchantId), inArray(payments.processorReference, charges)) : sql`0`,
      refunds: refundRefs.length > 0 ? and(eq(refunds.merchantId, merchantId), inArray(refunds.processorReference, refundRefs)) : sql`0`,
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
function compare(line: ReportLine, record: LedgerRecord): { result: ReconciliationResult; difference: Record<string, string> | null } {
  if (line.currency !== record.currency) {
    return { result: 'amount_mismatch', difference: { currency: `report ${line.currency}, ledger ${record.currency}` } };
  }
  const amount = line.amount - record.amount;
  const fee = line.fee - record.fee;
  if (amount === 0 && fee === 0) return { result: 'matched', difference: null };
  return { result: 'amount_mismatch', difference: { amount: formatAmount(amount, line.currency), fee: formatAmount(fee, line.currency) } };
}

function reportJson(line: ReportLine): Record<string, string> {
  return {
    date: line.date,
    processor_reference: line.reference,
    type: line.type,
    amount: formatAmount(line.amount, line.currency),
    fee: formatAmount(line.fee, line.currency),
    currency: line.currency,
  };
}

function ledgerJson(record: LedgerRecord, matchedBy?: Outcome['matchedBy']): Record<string, string> {
  const money = (minor: number) => formatAmount(minor, record.currency);
  return {
    id: record.sourceId,
    type: record.type,
    ...(record.reference ? { processor_reference: record.reference } : {}),
    amount: money(record.amount),
    fee: money(record.fee),
    ...(record.feeReturned !== 0 ? { fee_returned: money(record.feeReturned) } : {}),
    currency: record.currency,
    date: utcDate(record.at),
    created: new Date(record.at).toISOString(),
    ...(matchedBy ? { matched_by: matchedBy } : {}),
  };
}

type Totals = Map<string, { amount: number; fee: number }>;

function addTo(totals: Totals, currency: string, amount: number, fee: number) {
  const total = totals.get(currency) ?? { amount: 0, fee: 0 };
  totals.set(currency, { amount: total.amount + amount, fee: total.fee + fee });
}

function formatTotals(totals: Totals): Record<string, { amount: string; fee: string }> {
  return Object.fromEntries(
    [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => [currency, { amount: formatAmount(t.amount, currency), fee: formatAmount(t.fee, currency) }]),
  );
}

/**
 * Counts and totals per result class. Totals are net per currency, charges positive and
 * refunds negative: the report's figures for lines, the ledger's for `missing_in_report`.
 * `amount_mismatch` also sums its differences (report − ledger).
 */
function summarize(outcomes: Outcome[], lines: ReportLine[]) {
  const classes = Object.fromEntries(reconciliationResults.map((r) => [r, { count: 0, totals: new Map() as Totals }]));
  const differences: Totals = new Map();
  for (const outcome of outcomes) {
    const entry = classes[outcome.result];
    entry.count += 1;
    const source = outcome.line ?? outcome.record!;
    const sign = source.type === 'charge' ? 1 : -1;
    addTo(entry.totals, source.currency, sign * source.amount, source.fee);
    if (outcome.result === 'amount_mismatch' && outcome.line && outcome.record && outcome.line.currency === outcome.record.currency) {
      addTo(differences, outcome.line.currency, sign * (outcome.line.amount - outcome.record.amount), outcome.line.fee - outcome.record.fee);
    }
  }
  const dates = lines.map((l) => l.date).sort();
  const summary: Record<string, unknown> = {
    date_from: dates[0],
    date_to: dates.at(-1),
    breaks: outcomes.length - classes.matched.count,
  };
  for (const result of reconciliationResults) {
    summary[result] = {
      count: classes[result].count,
      totals: formatTotals(classes[result].totals),
      ...(result === 'amount_mismatch' ? { difference: formatTotals(differences) } : {}),
    };
  }
  return summary;
}

export type ImportReconciliationInput = { csv: string; filename?: string | null };

/**
 * Imports a processor settlement report and reconciles it against the merchant's ledger. The
 * file is validated as a whole first; the run and all its items are written in one
 * transaction. The same file again (by SHA-256 of its content) returns the earlier run with
 * `duplicate: true` and writes nothing.
 */
export async function importReconciliation(
  db: Db,
  merchantId: string,
  actor: string,
  input: ImportReconciliationInput,
  now = Date.now(),
): Promise<{ run: ReconciliationRun; duplicate: boolean }> {
  const fileHash = createHash('sha256').update(input.csv, 'utf8').digest('hex');
  const lines = parseProcessorReport(input.csv);
  return transaction(db, async (tx) => {
    const [existing] = await tx
      .select()
      .from(reconciliationRuns)
      .where(and(eq(reconciliationRuns.merchantId, merchantId), eq(reconciliationRuns.fileHash, fileHash)));
    if (existing) return { run: existing, duplicate: true };

    const outcomes = await matchReport(tx, merchantId, lines);
    const [run] = await tx
      .insert(reconciliationRuns)
      .values({
        id: newId('recon', now),
        merchantId,
        fileHash,
        filename: input.filename?.slice(0, 255) || null,
        lineCount: lines.length,
        summary: summarize(outcomes, lines),
        createdBy: actor,
        createdAt: now,
      })
      .returning();
    const items = outcomes.map((o) => ({
      id: newId('rci', now),
      runId: run.id,
      merchantId,
      result: o.result,
      lineNumber: o.line?.lineNumber ?? null,
      report: o.line ? reportJson(o.line) : null,
      ledgerSourceId: o.record?.sourceId ?? null,
      ledger: o.record ? ledgerJson(o.record, o.matchedBy) : null,
      difference: o.line && o.record ? compare(o.line, o.record).difference : null,
    }));
    for (let i = 0; i < items.length; i += 500) await tx.insert(reconciliationItems).values(items.slice(i, i + 500));
    return { run, duplicate: false };
  });
}

export const resolveItemBody = z.strictObject({ note: z.string().trim().min(1, 'a note is required').max(2000) });

/** Marks a break as resolved, once, keeping who, when and why. `matched` items are not breaks. */
export async function resolveReconciliationItem(db: Db, merchantId: string, actor: string, itemId: string, note: string, now = Date.now()): Promise<ReconciliationItem> {
  const text = note.trim();
  if (text === '') throw new ApiError('parameter_missing', 'Missing required parameter: note (why the break is resolved).', { param: 'note' });
  return transaction(db, async (tx) => {
    const [item] = await tx
      .select()
      .from(reconciliationItems)
      .where(and(eq(reconciliationItems.id, itemId), eq(reconciliationItems.merchantId, merchantId)));
    if (!item) throw notFound('reconciliation item', itemId);
    if (item.result === 'matched') throw new ApiError('reconciliation_item_state_invalid', `Reconciliation item ${itemId} is matched: only breaks can be resolved.`);
    if (item.resolvedAt !== null) {
      throw new ApiError(
        'reconciliation_item_state_invalid',
        `Reconciliation item ${itemId} was already resolved by ${item.resolvedBy} at ${new Date(item.resolvedAt).toISOString()}.`,
      );
    }
    const [resolved] = await tx
      .update(reconciliationItems)
      .set({ resolvedBy: actor, resolvedAt: now, resolutionNote: text })
      .where(and(eq(reconciliationItems.id, itemId), isNull(reconciliationItems.resolvedAt)))
      .returning();
    return resolved;
  });
}

export async function getReconciliationRunOrThrow(db: Db, merchantId: string, id: string): Promise<ReconciliationRun> {
  const [run] = await db.select().from(reconciliationRuns).where(and(eq(reconciliationRuns.id, id), eq(reconciliationRuns.merchantId, merchantId)));
  if (!run) throw notFound('reconciliation run', id);
  return run;
}

export const listReconciliationRunsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().optional(),
});

export async function listReconciliationRuns(db: Db, merchantId: string, query: z.infer<typeof listReconciliationRunsQuery>) {
  const rows = await db
    .select()
    .from(reconciliationRuns)
    .where(and(eq(reconciliationRuns.merchantId, merchantId), query.starting_after ? lt(reconciliationRuns.id, query.starting_after) : undefined))
    .orderBy(desc(reconciliationRuns.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}

/** `breaks` is every result but `matched`. */
export const reconciliationItemsQuery = z.strictObject({ result: z.enum([...reconciliationResults, 'breaks']).optional() });

/** A run's items in report order (by line), then the ledger records missing from the report. */
export async function listReconciliationItems(db: Db, merchantId: string, runId: string, result?: ReconciliationResult | 'breaks') {
  return db
    .select()
    .from(reconciliationItems)
    .where(
      and(
        eq(reconciliationItems.runId, runId),
        eq(reconciliationItems.merchantId, merchantId),
        result === 'breaks' ? ne(reconciliationItems.result, 'matched') : result ? eq(reconciliationItems.result, result) : undefined,
      ),
    )
    .orderBy(sql`${reconciliationItems.lineNumber} is null`, asc(reconciliationItems.lineNumber), asc(reconciliationItems.ledgerSourceId), asc(reconciliationItems.id));
}

export function serializeReconciliationRun(run: ReconciliationRun) {
  return {
    id: run.id,
    object: 'reconciliation_run' as const,
    filename: run.filename,
    line_count: run.lineCount,
    summary: run.summary,
    created: new Date(run.createdAt).toISOString(),
    created_by: run.createdBy,
    livemode: false,
  };
}

export function serializeReconciliationItem(item: ReconciliationItem) {
  return {
    id: item.id,
    object: 'reconciliation_item' as const,
    run: item.runId,
    result: item.result,
    line_number: item.lineNumber,
    report: item.report,
    ledger: item.ledger,
    difference: item.difference,
    resolved_by: item.resolvedBy,
    resolved_at: item.resolvedAt === null ? null : new Date(item.resolvedAt).toISOString(),
    resolution_note: item.resolutionNote,
    livemode: false,
  };
}
