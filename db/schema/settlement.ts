import { index, integer, table, text, uniqueIndex } from './core';
import { jsonText, minorUnits, timestamp } from './columns';
import { merchants } from './merchants';
import { paymentMethods } from './payments';

/** A merchant's fee for a method; no row means the default schedule applies. */
export const feeSchedules = table(
  'fee_schedules',
  {
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    method: text('method', { enum: paymentMethods }).notNull(),
    // Parts per million of the captured amount: 2.9% is 29,000.
    ratePpm: integer('rate_ppm').notNull(),
    // Fixed part and cap in thousandths of a major unit of the payment's currency (0.30 is
    // 300): the minor unit of the finest currency we accept (3 decimals), so every currency's
    // share is one exact half-even division (see lib/settlement/fees.ts).
    fixedThousandths: integer('fixed_thousandths').notNull(),
    capThousandths: integer('cap_thousandths'),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [uniqueIndex('fee_schedules_pk').on(t.merchantId, t.method)],
);

export const settlementSettings = table('settlement_settings', {
  merchantId: text('merchant_id').primaryKey().references(() => merchants.id),
  // `proportional`: a refund returns its share of the fee; `none`: fees are kept.
  refundFeePolicy: text('refund_fee_policy', { enum: ['none', 'proportional'] }).notNull(),
  updatedAt: timestamp('updated_at').notNull(),
});

export const balanceTransactionTypes = ['charge', 'refund', 'payout', 'adjustment'] as const;

/** Stripe-like view of every movement of the merchant's balance. */
export const balanceTransactions = table(
  'balance_transactions',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    type: text('type', { enum: balanceTransactionTypes }).notNull(),
    // The payment, refund or payout it comes from.
    sourceId: text('source_id').notNull(),
    amount: minorUnits('amount').notNull(), // gross, signed
    fee: minorUnits('fee').notNull(), // signed: a returned fee is negative
    net: minorUnits('net').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['pending', 'available'] }).notNull(),
    availableOn: timestamp('available_on').notNull(),
    // The payout that paid this out (automatic payouts), once settled.
    payoutId: text('payout_id'),
    description: text('description').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('balance_transactions_source_unique').on(t.type, t.sourceId),
    index('balance_transactions_merchant_idx').on(t.merchantId, t.id),
    index('balance_transactions_pending_idx').on(t.status, t.availableOn),
    index('balance_transactions_unpaid_idx').on(t.merchantId, t.currency, t.payoutId, t.status),
    index('balance_transactions_payout_idx').on(t.payoutId),
  ],
);

export const payoutStatuses = ['pending', 'in_transit', 'paid', 'failed'] as const;
export type PayoutStatus = (typeof payoutStatuses)[number];

export const payouts = table(
  'payouts',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    amount: minorUnits('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: payoutStatuses }).notNull(),
    method: text('method', { enum: ['automatic', 'manual'] }).notNull(),
    // The settlement day of an automatic payout (YYYY-MM-DD).
    settlementDate: text('settlement_date'),
    arrivalDate: timestamp('arrival_date').notNull(),
    failureCode: text('failure_code'),
    description: text('description'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [index('payouts_merchant_idx').on(t.merchantId, t.id), index('payouts_status_idx').on(t.status, t.arrivalDate)],
);

/** One row per merchant, currency and day: running settlement twice finds it and stops. */
export const settlementBatches = table(
  'settlement_batches',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    currency: text('currency').notNull(),
    date: text('date').notNull(),
    transactionCount: integer('transaction_count').notNull(),
    total: minorUnits('total').notNull(),
    payoutId: text('payout_id'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [uniqueIndex('settlement_batches_unique').on(t.merchantId, t.currency, t.date)],
);

export const reconciliationRuns = table(
  'reconciliation_runs',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    // SHA-256 of the imported file: the same report twice is detected, not duplicated.
    fileHash: text('file_hash').notNull(),
    filename: text('filename'),
    lineCount: integer('line_count').notNull(),
    summary: jsonText<Record<string, unknown>>('summary').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [uniqueIndex('reconciliation_runs_file_unique').on(t.merchantId, t.fileHash), index('reconciliation_runs_merchant_idx').on(t.merchantId, t.id)],
);

export const reconciliationResults = ['matched', 'amount_mismatch', 'missing_in_ledger', 'missing_in_report'] as const;
export type ReconciliationResult = (typeof reconciliationResults)[number];

export const reconciliationItems = table(
  'reconciliation_items',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull().references(() => reconciliationRuns.id),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    result: text('result', { enum: reconciliationResults }).notNull(),
    // The report line (null for missing_in_report) and the ledger record (null for missing_in_ledger).
    lineNumber: integer('line_number'),
    report: jsonText<Record<string, string>>('report'),
    ledgerSourceId: text('ledger_source_id'),
    ledger: jsonText<Record<string, string>>('ledger'),
    difference: jsonText<Record<string, string>>('difference'),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamp('resolved_at'),
    resolutionNote: text('resolution_note'),
  },
  (t) => [index('reconciliation_items_run_idx').on(t.runId, t.result)],
);
