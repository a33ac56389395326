import type { ReconciliationResult } from '@/components/hooks/reconciliation';
import { Badge, type Tone } from '@/components/ui/badge';

export const resultLabels: Record<ReconciliationResult, string> = {
  matched: 'Matched',
  amount_mismatch: 'Amount mismatch',
  missing_in_ledger: 'Missing in ledger',
  missing_in_report: 'Missing in report',
};

export const resultTones: Record<ReconciliationResult, Tone> = {
  matched: 'green',
  amount_mismatch: 'red',
  missing_in_ledger: 'amber',
  missing_in_report: 'amber',
};

export const resultOrder: ReconciliationResult[] = ['matched', 'amount_mismatch', 'missing_in_ledger', 'missing_in_report'];

export function ResultBadge({ result }: { result: ReconciliationResult }) {
  return <Badge tone={resultTones[result]}>{resultLabels[result]}</Badge>;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Today as a UTC calendar day (the processors' reports are per UTC day). */
export const todayUtc = () => new Date().toISOString().slice(0, 10);
