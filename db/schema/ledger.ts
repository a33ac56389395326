import { index, table, text, uniqueIndex } from './core';
import { minorUnits, timestamp, serialId } from './columns';
import { merchants } from './merchants';

export const ledgerAccountTypes = [
  'processor_receivable', // asset: owed to us by processors for captured funds
  'merchant_pending', // liability: owed to the merchant, not yet available
  'merchant_available', // liability: owed to the merchant, payable
  'fee_revenue', // revenue: Tillpoint fees
  'payouts_in_transit', // liability: paid out to the merchant's bank, not yet arrived
] as const;
export type LedgerAccountType = (typeof ledgerAccountTypes)[number];

export const ledgerTransactionTypes = [
  'capture',
  'fee',
  'refund',
  'fee_refund',
  'availability', // pending → available when a charge's settlement delay has passed
  'payout',
  'payout_paid',
  'payout_failed',
  'adjustment',
] as const;
export type LedgerTransactionType = (typeof ledgerTransactionTypes)[number];

export const ledgerAccounts = table(
  'ledger_accounts',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    currency: text('currency').notNull(),
    type: text('type', { enum: ledgerAccountTypes }).notNull(),
    // Sum of this account's postings (debits positive), kept in the posting's transaction.
    balance: minorUnits('balance').notNull().default(0),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [uniqueIndex('ledger_accounts_unique').on(t.merchantId, t.currency, t.type)],
);

export const ledgerTransactions = table(
  'ledger_transactions',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    type: text('type', { enum: ledgerTransactionTypes }).notNull(),
    // The payment, refund or payout this records; unique with type so nothing posts twice.
    sourceId: text('source_id').notNull(),
    description: text('description').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('ledger_transactions_source_unique').on(t.type, t.sourceId),
    index('ledger_transactions_merchant_idx').on(t.merchantId, t.createdAt),
  ],
);

export const ledgerPostings = table(
  'ledger_postings',
  {
    id: serialId('id'),
    transactionId: text('transaction_id').notNull().references(() => ledgerTransactions.id),
    accountId: text('account_id').notNull().references(() => ledgerAccounts.id),
    // Signed minor units: debit positive, credit negative. A transaction sums to zero per currency.
    amount: minorUnits('amount').notNull(),
    currency: text('currency').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    index('ledger_postings_account_idx').on(t.accountId),
    index('ledger_postings_transaction_idx').on(t.transactionId),
  ],
);
