import { reconciliationResults } from '@/db/schema';
import { formatAmount } from '@/lib/money/money';
import type { Outcome } from './match-report';
import type { ReportLine } from './parse-processor-report';
import type { CurrencyTotals, RunSummary } from './schemas';

type Totals = Map<string, { amount: number; fee: number }>;

function addTo(totals: Totals, currency: string, amount: number, fee: number) {
  const total = totals.get(currency) ?? { amount: 0, fee: 0 };
  totals.set(currency, { amount: total.amount + amount, fee: total.fee + fee });
}

function formatTotals(totals: Totals): CurrencyTotals {
  return Object.fromEntries(
    [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => [currency, { amount: formatAmount(t.amount, currency), fee: formatAmount(t.fee, currency) }]),
  );
}

/**
 * Counts and totals per result class. Totals are net per currency, charges positive and
 * refunds negative: the report's figures for lines, the ledger's for `missing_in_report`.
 * `amount_mismatch` also sums its differences (report − ledger). `lines` is never empty: the
 * parser refuses a report without rows.
 */
export function summarize(outcomes: Outcome[], lines: ReportLine[]): RunSummary {
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
  const summaryOf = (result: (typeof reconciliationResults)[number]) => ({ count: classes[result].count, totals: formatTotals(classes[result].totals) });
  return {
    date_from: dates[0],
    date_to: dates[dates.length - 1],
    breaks: outcomes.length - classes.matched.count,
    matched: summaryOf('matched'),
    amount_mismatch: { ...summaryOf('amount_mismatch'), difference: formatTotals(differences) },
    missing_in_ledger: summaryOf('missing_in_ledger'),
    missing_in_report: summaryOf('missing_in_report'),
  };
}
