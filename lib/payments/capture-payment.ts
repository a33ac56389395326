import { recordIdempotentResource } from '@/lib/idempotency/keys';
import { transaction, type Db } from '@/db/client';
import { DomainError } from '@/lib/errors';
import { formatAmount, parseAmount } from '@/lib/money/money';
import { applyChargeOutcome } from './apply-outcome';
import { getPaymentOrThrow, type Payment } from './payment-store';
import { processorFor } from './processor-registry';
import { assertActionAllowed } from './state-machine';
import { transitionPayment } from './transition-payment';

/** Captures an authorized payment, all of it or a smaller `amount`; the rest is released. */
export type CapturePaymentCommand = {
  merchantId: string;
  paymentId: string;
  /** Decimal string; the whole authorized amount when omitted. */
  amount?: string;
  now?: number;
};

export async function capturePayment(
  db: Db,
  { merchantId, paymentId: id, amount: requested, now = Date.now() }: CapturePaymentCommand,
): Promise<Payment> {
  const { payment, amount } = await transaction(db, async (tx) => {
    const payment = await getPaymentOrThrow(tx, merchantId, id);
    assertActionAllowed('capture', payment.status);
    const amount = requested === undefined ? payment.amount : parseAmount(requested, payment.currency);
    if (amount > payment.amount) {
      throw new DomainError(
        'capture_exceeds_authorized',
        `Cannot capture ${requested} ${payment.currency}: only ${formatAmount(payment.amount, payment.currency)} was authorized.`,
        { param: 'amount' },
      );
    }
    const shown = formatAmount(amount, payment.currency);
    await transitionPayment(tx, payment, {
      to: 'processing',
      timeline: { type: 'payment.capture_requested', message: `Capture of ${shown} ${payment.currency} requested`, data: { amount: shown } },
    }, now);
    await recordIdempotentResource(tx, { type: 'payment', id });
    return { payment, amount };
  });
  const outcome = await processorFor(db, payment.method).capture(id, amount);
  return transaction(db, (tx) => applyChargeOutcome(tx, id, outcome, now));
}
