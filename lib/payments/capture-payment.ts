import { eq } from 'drizzle-orm';
import { recordIdempotentResource } from '@/lib/idempotency/keys';
import { transaction, type Db } from '@/db/client';
import { payments } from '@/db/schema';
import { ApiError } from '@/lib/http/errors';
import { formatAmount, parseAmount } from '@/lib/money/money';
import { applyChargeOutcome } from './apply-outcome';
import { addPaymentEvent, getPaymentOrThrow, type Payment } from './payment-store';
import { processorFor } from './processor-registry';
import { assertActionAllowed } from './state-machine';

/** Captures an authorized payment, all of it or a smaller `amount`; the rest is released. */
export async function capturePayment(
  db: Db,
  merchantId: string,
  id: string,
  body: { amount?: string },
  now = Date.now(),
): Promise<Payment> {
  const { payment, amount } = await transaction(db, async (tx) => {
    const payment = await getPaymentOrThrow(tx, merchantId, id);
    assertActionAllowed('capture', payment.status);
    const amount = body.amount === undefined ? payment.amount : parseAmount(body.amount, payment.currency);
    if (amount > payment.amount) {
      throw new ApiError(
        'capture_exceeds_authorized',
        `Cannot capture ${body.amount} ${payment.currency}: only ${formatAmount(payment.amount, payment.currency)} was authorized.`,
        { param: 'amount' },
      );
    }
    await tx.update(payments).set({ status: 'processing', updatedAt: now }).where(eq(payments.id, id));
    await recordIdempotentResource(tx, { type: 'payment', id });
    const shown = formatAmount(amount, payment.currency);
    await addPaymentEvent(tx, id, 'payment.capture_requested', `Capture of ${shown} ${payment.currency} requested`, { amount: shown }, now);
    return { payment, amount };
  });
  const outcome = await processorFor(db, payment.method).capture(id, amount);
  return transaction(db, (tx) => applyChargeOutcome(tx, id, outcome, now));
}
