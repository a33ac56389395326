import type { ReconciliationItem, ReconciliationRun } from './queries';
import type { RunSummary } from './schemas';

export function serializeReconciliationRun(run: ReconciliationRun) {
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
