import { z } from 'zod';
import { paymentMethods, paymentStatuses, refundStatuses, reviewStatuses } from '@/db/schema';
import { currencyCode, decimalAmount, livemode, timestamp } from '@/lib/api-objects';
import { formatAmount } from '@/lib/money/money';
import { availableActions, refundableAmount } from './payment-actions';
import type { Payment, PaymentEvent, Refund } from './payment-store';
import { paymentActions } from './state-machine';

const iso = (ms: number) => new Date(ms).toISOString();

export const refundObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('refund'),
    payment: z.string(),
    amount: decimalAmount,
    currency: currencyCode,
    status: z.enum(refundStatuses),
    reason: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    failure_code: z.string().nullable(),
    created: timestamp,
    livemode,
  })
  .meta({
    id: 'Refund',
    description: 'A full or partial refund of a captured payment.',
    examples: [
      { id: 're_01JDX3V5Q0S7N1K3', object: 'refund', payment: 'pay_01JDX3R2A4B6C8D0', amount: '10.00', currency: 'USD', status: 'succeeded', reason: 'customer request', metadata: {}, failure_code: null, created: '2026-11-30T12:05:00.000Z', livemode: false },
    ],
  });
export type SerializedRefund = z.infer<typeof refundObject>;

export function serializeRefund(refund: Refund): SerializedRefund {
  return {
    id: refund.id,
    object: 'refund' as const,
    payment: refund.paymentId,
    amount: formatAmount(refund.amount, refund.currency),
    currency: refund.currency,
    status: refund.status,
    reason: refund.reason,
    metadata: refund.metadata,
    failure_code: refund.failureCode,
    created: iso(refund.createdAt),
    livemode: false,
  };
}

const paymentFields = {
  id: z.string(),
  object: z.literal('payment'),
  amount: decimalAmount,
  currency: currencyCode,
  status: z.enum(paymentStatuses),
  method: z.enum(paymentMethods),
  capture: z.boolean().describe('Whether the payment is captured when confirmed (false: authorize only).'),
  amount_capturable: decimalAmount,
  amount_captured: decimalAmount,
  amount_refunded: decimalAmount,
  fee: decimalAmount.describe('The processing fee kept, less what refunds returned.'),
  net: decimalAmount.describe('Captured less refunded and the fee.'),
  refundable: decimalAmount.describe('What can still be refunded now.'),
  available_actions: z.array(z.enum(paymentActions as [string, ...string[]])).describe('The actions the payment allows now.'),
  customer_id: z.string().nullable(),
  customer_email: z.string().nullable(),
  ip_address: z.string().nullable(),
  description: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  payment_details: z
    .record(z.string(), z.union([z.string(), z.number(), z.null()]))
    .describe('What is kept of the details: never a full card or account number (card: brand, last4, exp_month, exp_year).'),
  failure_code: z.string().nullable(),
  failure_message: z.string().nullable(),
  risk: z.strictObject({
    score: z.number(),
    level: z.string(),
    recommendation: z.string(),
    factors: z.array(
      z.strictObject({
        rule: z.string(),
        score: z.number(),
        reason: z.string(),
        fx: z
          .strictObject({ from: currencyCode, to: currencyCode, rate: z.string().nullable(), amount: decimalAmount })
          .optional()
          .describe('How an amount rule placed the payment in the reference currency, and the indicative rate it used (null: no rate known).'),
      }),
    ),
  }),
  created: timestamp,
  updated: timestamp,
  livemode,
};

const paymentExample = {
  id: 'pay_01JDX3R2A4B6C8D0',
  object: 'payment',
  amount: '25.00',
  currency: 'USD',
  status: 'success',
  method: 'credit_card',
  capture: true,
  amount_capturable: '0.00',
  amount_captured: '25.00',
  amount_refunded: '0.00',
  fee: '1.03',
  net: '23.97',
  refundable: '25.00',
  available_actions: ['refund'],
  customer_id: 'cus_42',
  customer_email: null,
  ip_address: '203.0.113.7',
  description: 'Order 1042',
  metadata: { order_id: '1042' },
  payment_details: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2099, fingerprint: 'fp_3b1d9c0e' },
  failure_code: null,
  failure_message: null,
  risk: { score: 0.05, level: 'low', recommendation: 'approve', factors: [] },
  created: '2026-11-30T12:00:00.000Z',
  updated: '2026-11-30T12:00:00.000Z',
  livemode: false,
};

/** A payment as lists show it. */
export const paymentObject = z.strictObject(paymentFields).meta({ id: 'Payment', description: 'A payment (as lists show it).', examples: [paymentExample] });

export type SerializedPayment = z.infer<typeof paymentObject>;

/** GET /payments/{id} and every action's answer: with refunds, timeline and its review. */
export const paymentDetailObject = z
  .strictObject({
    ...paymentFields,
    refunds: z.strictObject({ object: z.literal('list'), data: z.array(refundObject) }),
    timeline: z.array(z.strictObject({ type: z.string(), message: z.string(), data: z.record(z.string(), z.unknown()), created: timestamp })),
    review: z.strictObject({ id: z.string(), status: z.enum(reviewStatuses) }).nullable(),
  })
  .meta({
    id: 'PaymentDetail',
    description: 'One payment with its refunds, timeline and review.',
    examples: [
      {
        ...paymentExample,
        refunds: { object: 'list', data: [] },
        timeline: [{ type: 'payment.succeeded', message: 'Payment succeeded', data: {}, created: '2026-11-30T12:00:00.000Z' }],
        review: null,
      },
    ],
  });
export type SerializedPaymentDetail = z.infer<typeof paymentDetailObject>;

/**
 * The API's payment. Its refunds decide `refundable` and `available_actions`, so every caller
 * passes them (a payment that is not `success` has none that matter).
 */
export function serializePayment(payment: Payment, refunds: readonly Refund[]): SerializedPayment {
  const money = (minor: number) => formatAmount(minor, payment.currency);
  return {
    id: payment.id,
    object: 'payment' as const,
    amount: money(payment.amount),
    currency: payment.currency,
    status: payment.status,
    method: payment.method,
    capture: payment.captureOnConfirm,
    amount_capturable: money(payment.status === 'requires_capture' ? payment.amount : 0),
    amount_captured: money(payment.amountCaptured),
    amount_refunded: money(payment.amountRefunded),
    // The fee kept (less what refunds returned), and what the payment leaves the merchant.
    fee: money(payment.fee - payment.feeRefunded),
    net: money(payment.amountCaptured - payment.amountRefunded - (payment.fee - payment.feeRefunded)),
    refundable: money(refundableAmount(payment, refunds)),
    available_actions: availableActions(payment, refunds),
    customer_id: payment.customerId,
    customer_email: payment.customerEmail,
    ip_address: payment.ipAddress,
    description: payment.description,
    metadata: payment.metadata,
    payment_details: { ...payment.details, fingerprint: payment.fingerprint },
    failure_code: payment.failureCode,
    failure_message: payment.failureMessage,
    risk: {
      score: payment.riskScore,
      level: payment.riskLevel,
      recommendation: payment.riskRecommendation,
      factors: payment.riskFactors,
    },
    created: iso(payment.createdAt),
    updated: iso(payment.updatedAt),
    livemode: false,
  };
}

/** The detail view: the payment with its refunds listed, its timeline and its review. */
export function serializePaymentDetail(
  payment: Payment,
  refunds: readonly Refund[],
  events: readonly PaymentEvent[],
  review: SerializedPaymentDetail['review'],
): SerializedPaymentDetail {
  return {
    ...serializePayment(payment, refunds),
    refunds: { object: 'list', data: refunds.map(serializeRefund) },
    timeline: events.map((e) => ({ type: e.type, message: e.message, data: e.data, created: iso(e.createdAt) })),
    review,
  };
}
