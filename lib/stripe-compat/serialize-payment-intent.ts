import type { Payment } from '@/lib/payments/payment-store';
import { chargeIdOf } from './ids';
import { paymentIntentIdOfView, type PaymentIntentView } from './payment-intent-store';
import { stripeCurrency, stripeDecline, stripeMethodType, unixSeconds } from './serialize';

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

/** A PaymentIntent in Stripe's shape; `latestCharge` replaces the charge id when expanded. */
export function serializePaymentIntent(view: PaymentIntentView, latestCharge?: unknown) {
  const { intent, payment } = view;
  const source = { amount: intent?.amount ?? payment!.amount, currency: intent?.currency ?? payment!.currency };
  const failed = payment?.status === 'failed' ? payment : null;
  return {
    id: paymentIntentIdOfView(view),
    object: 'payment_intent' as const,
    amount: source.amount,
    amount_capturable: payment?.status === 'requires_capture' ? payment.amount : 0,
    amount_received: payment?.amountCaptured ?? 0,
    currency: stripeCurrency(source.currency),
    status: paymentIntentStatus(view),
    capture_method: intent?.captureMethod ?? (payment!.captureOnConfirm ? 'automatic' : 'manual'),
    confirmation_method: 'automatic' as const,
    client_secret: intent?.clientSecret ?? null,
    customer: intent ? intent.customerId : payment!.customerId,
    description: intent ? intent.description : payment!.description,
    metadata: intent ? intent.metadata : payment!.metadata,
    payment_method: intent?.paymentMethod ?? null,
    payment_method_types: intent?.paymentMethodTypes ?? [stripeMethodType(payment!.method)],
    latest_charge: latestCharge ?? (payment ? chargeIdOf(payment.id) : null),
    last_payment_error: failed ? stripeDecline(failed) : null,
    canceled_at: intent?.canceledAt != null ? unixSeconds(intent.canceledAt) : null,
    cancellation_reason: intent?.cancellationReason ?? null,
    created: unixSeconds(intent?.createdAt ?? payment!.createdAt),
    livemode: false,
  };
}

export type StripePaymentIntent = ReturnType<typeof serializePaymentIntent>;
