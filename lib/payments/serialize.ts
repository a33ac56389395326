import { formatAmount } from '@/lib/money/money';
import { availableActions, refundableAmount } from './payment-actions';
import type { Payment, PaymentEvent, Refund } from './payment-store';

const iso = (ms: number) => new Date(ms).toISOString();

export function serializeRefund(refund: Refund) {
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

/**
 * The API's payment. Its refunds decide `refundable` and `available_actions`, so every caller
 * passes them (a payment that is not `success` has none that matter); with the timeline
 * (`events`, the detail view) the refunds are listed too.
 */
export function serializePayment(payment: Payment, refunds: readonly Refund[], events?: readonly PaymentEvent[]) {
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
    ...(events && {
      refunds: { object: 'list' as const, data: refunds.map(serializeRefund) },
      timeline: events.map((e) => ({ type: e.type, message: e.message, data: e.data, created: iso(e.createdAt) })),
    }),
  };
}

export type SerializedPayment = ReturnType<typeof serializePayment>;
