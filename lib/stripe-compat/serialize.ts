import type { Payment, Refund } from '@/lib/payments/payment-store';
import { chargeIdOf } from './ids';

/** Stripe's conventions: `created` in Unix seconds, lowercase currencies, `livemode` false in test mode. */
export const unixSeconds = (ms: number) => Math.floor(ms / 1000);
export const stripeCurrency = (currency: string) => currency.toLowerCase();

/** Stripe's list envelope; `url` is the list's own path, as Stripe gives it. */
export function stripeList<T>(url: string, data: T[], hasMore: boolean) {
  return { object: 'list' as const, data, has_more: hasMore, url };
}

/** How Stripe names a Tillpoint failure: the error `code` and the `decline_code` beside it. */
const declines: Record<string, { code: string; declineCode: string | null }> = {
  card_declined: { code: 'card_declined', declineCode: 'generic_decline' },
  insufficient_funds: { code: 'card_declined', declineCode: 'insufficient_funds' },
  expired_card: { code: 'expired_card', declineCode: 'expired_card' },
  incorrect_cvc: { code: 'incorrect_cvc', declineCode: 'incorrect_cvc' },
  processing_error: { code: 'processing_error', declineCode: null },
  // Tillpoint's risk engine blocked it, as Radar would.
  risk_blocked: { code: 'card_declined', declineCode: 'fraudulent' },
};

export function stripeDecline(payment: Payment) {
  const known = declines[payment.failureCode ?? ''] ?? { code: 'card_declined', declineCode: payment.failureCode };
  return {
    type: 'card_error' as const,
    code: known.code,
    decline_code: known.declineCode,
    message: payment.failureMessage ?? 'The payment failed.',
    charge: chargeIdOf(payment.id),
  };
}

/** Stripe's payment method `type` of a Tillpoint payment method. */
const methodTypes: Record<Payment['method'], string> = {
  credit_card: 'card',
  debit_card: 'card',
  bank_transfer: 'us_bank_account',
  digital_wallet: 'card',
  crypto: 'crypto',
};
export const stripeMethodType = (method: Payment['method']) => methodTypes[method];

function chargeStatus(payment: Payment): 'succeeded' | 'pending' | 'failed' {
  if (payment.status === 'failed') return 'failed';
  if (payment.status === 'pending' || payment.status === 'processing') return 'pending';
  return 'succeeded';
}

/**
 * A Tillpoint payment as the Stripe Charge it is. An authorization that was released
 * (`cancelled`) reads as Stripe shows it: uncaptured and refunded in full.
 */
export function serializeCharge(payment: Payment, paymentIntentId: string, paymentMethod: string | null) {
  const released = payment.status === 'cancelled';
  const details = payment.details;
  const type = stripeMethodType(payment.method);
  return {
    id: chargeIdOf(payment.id),
    object: 'charge' as const,
    amount: payment.amount,
    amount_captured: payment.amountCaptured,
    amount_refunded: released ? payment.amount : payment.amountRefunded,
    captured: payment.amountCaptured > 0,
    refunded: released || (payment.amountCaptured > 0 && payment.amountRefunded >= payment.amountCaptured),
    paid: payment.status === 'success' || payment.status === 'requires_capture',
    status: chargeStatus(payment),
    currency: stripeCurrency(payment.currency),
    customer: payment.customerId,
    description: payment.description,
    metadata: payment.metadata,
    payment_intent: paymentIntentId,
    payment_method: paymentMethod,
    payment_method_details:
      type === 'card' && details.last4 !== undefined
        ? { type, card: { brand: details.brand, last4: details.last4, exp_month: details.exp_month, exp_year: details.exp_year, fingerprint: payment.fingerprint, country: details.country ?? null } }
        : { type },
    failure_code: payment.status === 'failed' ? stripeDecline(payment).code : null,
    failure_message: payment.failureMessage,
    outcome: {
      type: payment.status === 'failed' ? (payment.failureCode === 'risk_blocked' ? 'blocked' : 'issuer_declined') : 'authorized',
      risk_level: payment.riskLevel,
      risk_score: payment.riskScore,
    },
    created: unixSeconds(payment.createdAt),
    livemode: false,
  };
}

/** A Tillpoint refund as a Stripe Refund (the same id). */
export function serializeStripeRefund(refund: Refund, paymentIntentId: string) {
  return {
    id: refund.id,
    object: 'refund' as const,
    amount: refund.amount,
    currency: stripeCurrency(refund.currency),
    charge: chargeIdOf(refund.paymentId),
    payment_intent: paymentIntentId,
    status: refund.status,
    reason: refund.reason,
    metadata: refund.metadata,
    failure_reason: refund.failureCode,
    created: unixSeconds(refund.createdAt),
    livemode: false,
  };
}
