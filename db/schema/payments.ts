import { index, integer, real, table, text, uniqueIndex } from './core';
import { jsonText, minorUnits, timestamp, boolean, serialId } from './columns';
import { merchants } from './merchants';

export const paymentStatuses = [
  'pending',
  'processing',
  'requires_capture',
  'success',
  'failed',
  'cancelled',
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const paymentMethods = [
  'credit_card',
  'debit_card',
  'bank_transfer',
  'digital_wallet',
  'crypto',
] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** `fx`: how an amount rule placed the payment in the reference currency (the rate it used). */
export type RiskFactor = {
  rule: string;
  score: number;
  reason: string;
  fx?: { from: string; to: string; rate: string | null; amount: string };
};

/** What is kept of the payment details: never a full card or account number. */
export type StoredPaymentDetails = Record<string, string | number>;

export const payments = table(
  'payments',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    amount: minorUnits('amount').notNull(),
    currency: text('currency').notNull(),
    method: text('method', { enum: paymentMethods }).notNull(),
    status: text('status', { enum: paymentStatuses }).notNull(),
    captureOnConfirm: boolean('capture_on_confirm').notNull(),
    amountCaptured: minorUnits('amount_captured').notNull().default(0),
    amountRefunded: minorUnits('amount_refunded').notNull().default(0),
    // Tillpoint's fee on the captured amount, and how much of it refunds have returned.
    fee: minorUnits('fee').notNull().default(0),
    feeRefunded: minorUnits('fee_refunded').notNull().default(0),
    customerId: text('customer_id'),
    customerEmail: text('customer_email'),
    ipAddress: text('ip_address'),
    description: text('description'),
    metadata: jsonText<Record<string, string>>('metadata').notNull(),
    details: jsonText<StoredPaymentDetails>('details').notNull(),
    fingerprint: text('fingerprint'),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    riskScore: real('risk_score').notNull(),
    riskLevel: text('risk_level').notNull(),
    riskRecommendation: text('risk_recommendation').notNull(),
    riskFactors: jsonText<RiskFactor[]>('risk_factors').notNull(),
    processorReference: text('processor_reference'),
    // The payment_details of a payment held for review, AES-256-GCM sealed, so an approval can
    // still reach the processor; erased once the review is decided.
    sealedDetails: text('sealed_details'),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [
    index('payments_merchant_id_idx').on(t.merchantId, t.id),
    index('payments_merchant_status_idx').on(t.merchantId, t.status, t.id),
    // The risk engine's window per customer (created_at); the list's filters, newest first (id):
    // without an index that also orders, SQLite walks the merchant's payments by id and filters.
    index('payments_merchant_customer_idx').on(t.merchantId, t.customerId, t.createdAt),
    index('payments_merchant_customer_list_idx').on(t.merchantId, t.customerId, t.id),
    index('payments_merchant_method_idx').on(t.merchantId, t.method, t.id),
    index('payments_merchant_fingerprint_idx').on(t.merchantId, t.fingerprint, t.createdAt),
    index('payments_merchant_created_idx').on(t.merchantId, t.createdAt),
    index('payments_status_updated_idx').on(t.status, t.updatedAt),
    index('payments_merchant_email_idx').on(t.merchantId, t.customerEmail),
    index('payments_processor_reference_idx').on(t.processorReference),
  ],
);

export const paymentEvents = table(
  'payment_events',
  {
    id: serialId('id'),
    paymentId: text('payment_id').notNull().references(() => payments.id),
    type: text('type').notNull(),
    message: text('message').notNull(),
    data: jsonText<Record<string, unknown>>('data').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('payment_events_payment_idx').on(t.paymentId, t.id)],
);

export const refundStatuses = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof refundStatuses)[number];

export const refunds = table(
  'refunds',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    paymentId: text('payment_id').notNull().references(() => payments.id),
    amount: minorUnits('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: refundStatuses }).notNull(),
    reason: text('reason'),
    metadata: jsonText<Record<string, string>>('metadata').notNull().default({}),
    failureCode: text('failure_code'),
    processorReference: text('processor_reference'),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [
    index('refunds_payment_idx').on(t.paymentId, t.id),
    index('refunds_merchant_idx').on(t.merchantId, t.id),
    index('refunds_processor_reference_idx').on(t.processorReference),
  ],
);

export const idempotencyRecoveryPoints = ['started', 'recorded', 'finished'] as const;
export type IdempotencyRecoveryPoint = (typeof idempotencyRecoveryPoints)[number];

/**
 * One row per (merchant, Idempotency-Key). `recorded` is written in the same transaction as the
 * object the request created (`resource_type`/`resource_id`), so a retry after a crash resumes
 * that object instead of running the request again; `owner` is the server instance running it.
 */
export const idempotencyKeys = table(
  'idempotency_keys',
  {
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    recoveryPoint: text('recovery_point', { enum: idempotencyRecoveryPoints }).notNull().default('started'),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    owner: text('owner'),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [uniqueIndex('idempotency_keys_pk').on(t.merchantId, t.key), index('idempotency_created_idx').on(t.createdAt)],
);

/** Row types, here so that every lib folder can name them without importing lib/payments. */
export type Payment = typeof payments.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
