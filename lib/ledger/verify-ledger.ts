import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { queryRows } from '@/db/sql';

export type LedgerProblem = { kind: 'unbalanced_transaction' | 'balance_mismatch'; id: string; detail: string };

/**
 * Checks the ledger's two invariants: every transaction sums to zero per currency, and every
 * account's cached balance equals the sum of its postings.
 */
export async function verifyLedger(db: Db, merchantId?: string): Promise<LedgerProblem[]> {
  const merchantFilter = merchantId ? sql`AND t.merchant_id = ${merchantId}` : sql``;
  const unbalanced = await queryRows<{ id: string; currency: string; total: number | string }>(db, sql`
    SELECT p.transaction_id AS id, p.currency AS currency, SUM(p.amount) AS total
    FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
    WHERE 1 = 1 ${merchantFilter}
    GROUP BY p.transaction_id, p.currency
    HAVING SUM(p.amount) != 0`);
  const accountFilter = merchantId ? sql`WHERE a.merchant_id = ${merchantId}` : sql``;
  const mismatched = await queryRows<{ id: string; balance: number; total: number | string }>(db, sql`
    SELECT a.id AS id, a.balance AS balance, COALESCE(SUM(p.amount), 0) AS total
    FROM ledger_accounts a LEFT JOIN ledger_postings p ON p.account_id = a.id
    ${accountFilter}
    GROUP BY a.id, a.balance
    HAVING a.balance != COALESCE(SUM(p.amount), 0)`);
  return [
    ...unbalanced.map((r) => ({
      kind: 'unbalanced_transaction' as const,
      id: r.id,
      detail: `postings in ${r.currency} sum to ${r.total}, not 0`,
    })),
    ...mismatched.map((r) => ({
      kind: 'balance_mismatch' as const,
      id: r.id,
      detail: `cached balance ${r.balance} but postings sum to ${r.total}`,
    })),
  ];
}
