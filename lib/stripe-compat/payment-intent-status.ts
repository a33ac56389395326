import { DomainError } from '@/lib/errors';
import type { Payment } from '@/lib/payments/payment-store';
import { paymentIntentIdOfView, type PaymentIntentView } from './payment-intent-store';

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_capture'
  | 'processing'
  | 'succeeded'
  | 'canceled';

/** Stripe's name for a Tillpoint payment status (a payment held for review is `processing`). */
const fromPaymentStatus: Record<Exclude<Payment['status'], 'failed'>, PaymentIntentStatus> = {
  pending: 'processing',
  processing: 'processing',
  requires_capture: 'requires_capture',
  success: 'succeeded',
  cancelled: 'canceled',
};

/**
 * The status follows the latest payment; before the first confirmation, or after a decline
 * (which, as at Stripe, sends the PaymentIntent back for another payment method), it follows
 * the row: a payment method to confirm with, or none yet.
 */
export function paymentIntentStatus({ intent, payment }: PaymentIntentView): PaymentIntentStatus {
  if (intent?.canceledAt != null) return 'canceled';
  if (payment && payment.status !== 'failed') return fromPaymentStatus[payment.status];
  return intent?.paymentMethod ? 'requires_confirmation' : 'requires_payment_method';
}

/** Stripe's `payment_intent_unexpected_state` unless the PaymentIntent is in one of `allowed`. */
export function assertPaymentIntentStatus(view: PaymentIntentView, allowed: readonly PaymentIntentStatus[], action: string): PaymentIntentStatus {
  const status = paymentIntentStatus(view);
  if (!allowed.includes(status)) {
    throw new DomainError(
      'payment_state_invalid',
      `You cannot ${action} PaymentIntent ${paymentIntentIdOfView(view)}: its status is ${status}, and ${action} needs ${allowed.join(' or ')}.`,
    );
  }
  return status;
}
