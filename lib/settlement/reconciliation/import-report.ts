import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { reconciliationItems, reconciliationRuns } from '@/db/schema';
import { newId } from '@/lib/ids';
import { formatAmount } from '@/lib/money/money';
import { utcDate } from '../processor-report';
import { compare, matchReport, type LedgerRecord, type Outcome } from './match-report';
import { parseProcessorReport, type ReportLine } from './parse-processor-report';
import type { ReconciliationRun } from './queries';
import { summarize } from './summarize';

/** An item's `report`: the line as the processor wrote it. */
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

/** An item's `ledger`: the balance transaction it was matched to, and how. */
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

export type ImportReportOptions = { merchantId: string; csv: string; filename?: string | null; actor: string; now?: number };

/**
 * Imports a processor settlement report and reconciles it against the merchant's ledger. The
 * file is validated as a whole first; the run and all its items are written in one
 * transaction. The same file again (by SHA-256 of its content) returns the earlier run with
 * `duplicate: true` and writes nothing.
 */
export async function importReport(
  db: Db,
  { merchantId, csv, filename, actor, now = Date.now() }: ImportReportOptions,
): Promise<{ run: ReconciliationRun; duplicate: boolean }> {
  const fileHash = createHash('sha256').update(csv, 'utf8').digest('hex');
  const lines = parseProcessorReport(csv);
  return transaction(db, async (tx) => {
    const [existing] = await tx
      .select()
      .from(reconciliationRuns)
      .where(and(eq(reconciliationRuns.merchantId, merchantId), eq(reconciliationRuns.fileHash, fileHash)));
    if (existing) return { run: existing, duplicate: true };

    const outcomes = await matchReport(tx, { merchantId, lines });
    const [run] = await tx
      .insert(reconciliationRuns)
      .values({
        id: newId('recon', now),
        merchantId,
        fileHash,
        filename: filename?.slice(0, 255) || null,
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
