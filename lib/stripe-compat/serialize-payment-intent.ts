import { chargeIdOf } from './ids';
import { paymentIntentIdOfView, type PaymentIntentView } from './payment-intent-store';
import { paymentIntentStatus } from './payment-intent-status';
import { stripeCurrency, stripeDecline, stripeMethodType, unixSeconds } from './serialize';

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
    // Tillpoint's card payments never need a redirect or 3-D Secure step.
    next_action: null,
    canceled_at: intent?.canceledAt != null ? unixSeconds(intent.canceledAt) : null,
    cancellation_reason: intent?.cancellationReason ?? null,
    created: unixSeconds(intent?.createdAt ?? payment!.createdAt),
    livemode: false,
  };
}

export type StripePaymentIntent = ReturnType<typeof serializePaymentIntent>;
