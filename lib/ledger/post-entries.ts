import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { preparedQuery, placeholders } from '@/db/sql';
import { ledgerAccounts, ledgerPostings, ledgerTransactions, type LedgerAccountType, type LedgerTransactionType } from '@/db/schema';
import { newId } from '@/lib/ids';

export type LedgerEntry = { account: LedgerAccountType; amount: number };

export type LedgerTransactionInput = {
  merchantId: string;
  type: LedgerTransactionType;
  sourceId: string;
  description: string;
  currency: string;
  /** Debits positive, credits negative; they must sum to zero. */
  entries: LedgerEntry[];
};

const addToBalance = preparedQuery('ledger_add_to_account', (db) =>
  db
    .update(ledgerAccounts)
    .set({ balance: sql`${ledgerAccounts.balance} + ${sql.placeholder('amount')}` })
    .where(
      and(
        eq(ledgerAccounts.merchantId, sql.placeholder('merchantId')),
        eq(ledgerAccounts.currency, sql.placeholder('currency')),
        eq(ledgerAccounts.type, sql.placeholder('type')),
      ),
    )
    .returning({ id: ledgerAccounts.id }),
);

const insertTransaction = preparedQuery('insert_ledger_transaction', (db) => db.insert(ledgerTransactions).values(placeholders(['id', 'merchantId', 'type', 'sourceId', 'description', 'createdAt'])));

// Every ledger transaction so far has two postings: that insert is prepared.
const insertPostingPair = preparedQuery('insert_ledger_posting_pair', (db) =>
  db.insert(ledgerPostings).values(
    [0, 1].map((i) => ({
      transactionId: sql.placeholder('transactionId'),
      accountId: sql.placeholder(`accountId${i}`),
      amount: sql.placeholder(`amount${i}`),
      currency: sql.placeholder('currency'),
      createdAt: sql.placeholder('createdAt'),
    })),
  ),
);

/**
 * Adds `amount` to the merchant's account of this type and currency (made at zero on its first
 * posting) and returns the account's id: one statement when the account exists.
 */
async function addToAccount(tx: Db, merchantId: string, currency: string, type: LedgerAccountType, amount: number, now: number) {
  const add = () => addToBalance(tx, { amount, merchantId, currency, type });
  const [existing] = await add();
  if (existing) return existing.id;
  // Two first postings at once (PostgreSQL, READ COMMITTED): the second's insert waits for the
  // first and does nothing; the row is then there to update.
  await tx.insert(ledgerAccounts).values({ id: newId('la', now), merchantId, currency, type, balance: 0, createdAt: now }).onConflictDoNothing();
  const [created] = await add();
  return created.id;
}

/**
 * Appends one balanced ledger transaction. Must run inside the database transaction of the
 * change it records. A second posting for the same (type, source) violates a unique index,
 * so a money movement can never be applied twice.
 */
export async function postEntries(tx: Db, input: LedgerTransactionInput, now = Date.now()): Promise<string> {
  let sum = 0;
  for (const entry of input.entries) {
    if (!Number.isSafeInteger(entry.amount)) throw new Error(`Ledger amount is not an integer: ${entry.amount}`);
    sum += entry.amount;
  }
  if (sum !== 0) throw new Error(`Unbalanced ledger transaction for ${input.sourceId}: sums to ${sum}`);

  const transactionId = newId('ltx', now);
  await insertTransaction(tx, {
    id: transactionId,
    merchantId: input.merchantId,
    type: input.type,
    sourceId: input.sourceId,
    description: input.description,
    createdAt: now,
  });
  const postings = [];
  for (const entry of input.entries) {
    if (entry.amount === 0) continue;
    const accountId = await addToAccount(tx, input.merchantId, input.currency, entry.account, entry.amount, now);
    postings.push({ transactionId, accountId, amount: entry.amount, currency: input.currency, createdAt: now });
  }
  if (postings.length === 2) {
    const [a, b] = postings;
    await insertPostingPair(tx, { transactionId, currency: input.currency, createdAt: now, accountId0: a.accountId, amount0: a.amount, accountId1: b.accountId, amount1: b.amount });
  } else if (postings.length > 0) {
    await tx.insert(ledgerPostings).values(postings);
  }
  return transactionId;
}
