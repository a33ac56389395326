import { z } from 'zod';
import { reconciliationResults } from '@/db/schema';

export const listReconciliationRunsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().optional(),
});

/** `breaks` is every result but `matched`. */
export const reconciliationItemsQuery = z.strictObject({ result: z.enum([...reconciliationResults, 'breaks']).optional() });

/** `?filename=` names a text/csv upload (a multipart upload carries its own). */
export const importReportQuery = z.strictObject({ filename: z.string().min(1).max(255).optional() });

export const resolveItemBody = z.strictObject({ note: z.string().trim().min(1, 'a note is required').max(2000) });

/** Net amount and fee per currency, decimal strings of that currency. */
const currencyTotals = z.record(z.string(), z.object({ amount: z.string(), fee: z.string() }));
const resultSummary = z.object({ count: z.number().int(), totals: currencyTotals });

/**
 * A run's `summary` as stored and served: the report's first and last day, how many items are
 * breaks, and per result class a count and net totals; `amount_mismatch` also sums its
 * differences (report − ledger).
 */
export const runSummary = z.object({
  date_from: z.string(),
  date_to: z.string(),
  breaks: z.number().int(),
  matched: resultSummary,
  amount_mismatch: resultSummary.extend({ difference: currencyTotals }),
  missing_in_ledger: resultSummary,
  missing_in_report: resultSummary,
});
export type RunSummary = z.infer<typeof runSummary>;
export type CurrencyTotals = z.infer<typeof currencyTotals>;
