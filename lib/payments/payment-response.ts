import type { Db } from '@/db/client';
import { paymentEventsOf, refundsOf, type Payment } from './payment-store';
import { serializePayment } from './serialize';

/** The full API view of one payment: with its refunds and timeline. */
export async function paymentResponse(db: Db, payment: Payment) {
  const [refunds, events] = await Promise.all([refundsOf(db, payment.id), paymentEventsOf(db, payment.id)]);
  return serializePayment(payment, { refunds, events });
}
