import type { Db } from '@/db/client';
import { formatAmount } from '@/lib/money/money';
import { capturePayment } from '@/lib/payments/capture-payment';
import { assertPaymentIntentStatus } from './payment-intent-status';
import { getPaymentIntentOrThrow, type PaymentIntentView } from './payment-intent-store';

/** Captures an authorized PaymentIntent (`capture_method: manual`), all of it or `amountToCapture`. */
export async function capturePaymentIntent(
  db: Db,
  { merchantId, id, amountToCapture }: { merchantId: string; id: string; amountToCapture?: number },
): Promise<PaymentIntentView> {
  const view = await getPaymentIntentOrThrow(db, merchantId, id);
  assertPaymentIntentStatus(view, ['requires_capture'], 'capture');
  const payment = view.payment!;
  const amount = amountToCapture === undefined ? undefined : formatAmount(amountToCapture, payment.currency);
  return { intent: view.intent, payment: await capturePayment(db, { merchantId, paymentId: payment.id, amount }) };
}
