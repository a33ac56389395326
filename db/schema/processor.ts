import { table, text } from './core';
import { minorUnits, timestamp } from './columns';

/**
 * The simulated processors' own books: what an external processor would know about a charge.
 * Keyed by our payment id (the idempotency key we send), so a retried call never charges twice
 * and `verify` can answer after a crash.
 */
export const simulatedCharges = table('simulated_charges', {
  reference: text('reference').primaryKey(),
  paymentId: text('payment_id').notNull().unique(),
  method: text('method').notNull(),
  amount: minorUnits('amount').notNull(),
  currency: text('currency').notNull(),
  state: text('state', { enum: ['authorized', 'captured', 'processing', 'failed', 'voided'] }).notNull(),
  // Outcome a processing charge reaches when it settles.
  settlesTo: text('settles_to', { enum: ['captured', 'failed'] }),
  failureCode: text('failure_code'),
  failureMessage: text('failure_message'),
  capturedAmount: minorUnits('captured_amount').notNull().default(0),
  refundedAmount: minorUnits('refunded_amount').notNull().default(0),
  settlesAt: timestamp('settles_at'),
  // When the processor captured the money: what its settlement report dates a charge by.
  capturedAt: timestamp('captured_at'),
  createdAt: timestamp('created_at').notNull(),
});

export const simulatedRefunds = table('simulated_refunds', {
  reference: text('reference').primaryKey(),
  refundId: text('refund_id').notNull().unique(),
  chargeReference: text('charge_reference').notNull(),
  amount: minorUnits('amount').notNull(),
  createdAt: timestamp('created_at').notNull(),
});
