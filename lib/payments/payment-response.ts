import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { reviews } from '@/db/schema';
import { paymentEventsOf, refundsOf, type Payment } from './payment-store';
import { serializePaymentDetail, type SerializedPaymentDetail } from './serialize';

/** The full API view of one payment: with its refunds, timeline and review. */
export async function paymentResponse(db: Db, payment: Payment): Promise<SerializedPaymentDetail> {
  const [refunds, events, [review]] = await Promise.all([
    refundsOf(db, payment.id),
    paymentEventsOf(db, payment.id),
    db.select({ id: reviews.id, status: reviews.status }).from(reviews).where(eq(reviews.paymentId, payment.id)),
  ]);
  return serializePaymentDetail(payment, refunds, events, review ?? null);
}
