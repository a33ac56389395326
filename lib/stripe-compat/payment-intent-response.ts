import type { Db } from '@/db/client';
import { chargeLinksOf, paymentIntentIdOfView, type PaymentIntentView } from './payment-intent-store';
import { serializeCharge } from './serialize';
import { serializePaymentIntent } from './serialize-payment-intent';

/** A PaymentIntent as a route answers it, with `latest_charge` as an object when `expand[]=latest_charge`. */
export async function paymentIntentResponse(db: Db, view: PaymentIntentView, expand: readonly string[] = []) {
  if (!view.payment || !expand.includes('latest_charge')) return serializePaymentIntent(view);
  const link = (await chargeLinksOf(db, [view.payment.id])).get(view.payment.id)!;
  return serializePaymentIntent(view, serializeCharge(view.payment, paymentIntentIdOfView(view), link.paymentMethod));
}
