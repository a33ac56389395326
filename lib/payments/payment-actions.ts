import type { Payment, Refund } from './payment-store';
import { isActionAllowed, paymentActions, type PaymentAction } from './state-machine';

type RefundHold = Pick<Refund, 'amount' | 'status'>;

/**
 * What can still be refunded, in minor units: the captured amount less every refund that
 * succeeded or is still in flight (a pending refund has already reserved its amount); 0 unless
 * the payment is `success`. The one definition: `refundPayment` enforces it and the API sends
 * it as `refundable`, so the dashboard never works it out for itself.
 */
export function refundableAmount(payment: Pick<Payment, 'status' | 'amountCaptured'>, refunds: readonly RefundHold[]): number {
  if (!isActionAllowed('refund', payment.status)) return 0;
  const reserved = refunds.reduce((sum, refund) => (refund.status === 'failed' ? sum : sum + refund.amount), 0);
  return Math.max(payment.amountCaptured - reserved, 0);
}

/**
 * The actions the payment allows now (`available_actions`), in the order capture, cancel,
 * refund: its status decides (the state machine), and a refund also needs something left.
 */
export function availableActions(payment: Pick<Payment, 'status' | 'amountCaptured'>, refunds: readonly RefundHold[]): PaymentAction[] {
  return paymentActions.filter((action) => isActionAllowed(action, payment.status) && (action !== 'refund' || refundableAmount(payment, refunds) > 0));
}
