import { z } from 'zod';
import { reconciliationResults } from '@/db/schema';
import { livemode, timestamp } from '@/lib/api-objects';
import type { ReconciliationItem, ReconciliationRun } from './queries';
import { runSummary, type RunSummary } from './schemas';

export const reconciliationRunObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('reconciliation_run'),
    filename: z.string().nullable(),
    line_count: z.number().int(),
    summary: runSummary,
    created: timestamp,
    created_by: z.string(),
    livemode,
  })
  .meta({ id: 'ReconciliationRun', description: "One import of a processor's settlement report, matched against the ledger." });

const reportFields = z.record(z.string(), z.string()).nullable();

export const reconciliationItemObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('reconciliation_item'),
    run: z.string(),
    result: z.enum(reconciliationResults),
    line_number: z.number().int().nullable(),
    report: reportFields,
    ledger: reportFields,
    difference: reportFields,
    resolved_by: z.string().nullable(),
    resolved_at: timestamp.nullable(),
    resolution_note: z.string().nullable(),
    livemode,
  })
  .meta({ id: 'ReconciliationItem', description: 'One line of a run: matched, or a break to resolve.' });

export function serializeReconciliationRun(run: ReconciliationRun): z.infer<typeof reconciliationRunObject> {
  return {
    id: run.id,
    object: 'reconciliation_run' as const,
    filename: run.filename,
    line_count: run.lineCount,
    // The column is plain JSON to the database; importReport is its only writer and writes a RunSummary.
    summary: run.summary as RunSummary,
    created: new Date(run.createdAt).toISOString(),
    created_by: run.createdBy,
    livemode: false,
  };
}

export function serializeReconciliationItem(item: ReconciliationItem): z.infer<typeof reconciliationItemObject> {
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
