import { transaction, type Db } from '@/db/client';
import { applyChargeOutcome } from './apply-outcome';
import { addPaymentEvent, type Payment } from './payment-store';
import { processorFor } from './processor-registry';
import type { ChargeOutcome } from './processors/types';
import { log } from '@/lib/log';

/**
 * Steps 2 and 3 of a payment: call the processor outside any transaction, then record the
 * outcome and its ledger postings in one. If the call throws, the processor's state is
 * unknown: the payment stays `processing` and the worker settles it by asking `verify`.
 */
export async function submitToProcessor(db: Db, payment: Payment, details: unknown, now: number): Promise<Payment> {
  let outcome: ChargeOutcome;
  try {
    outcome = await processorFor(db, payment.method).process({
      paymentId: payment.id,
      amount: payment.amount,
      currency: payment.currency,
      capture: payment.captureOnConfirm,
      details,
    });
  } catch (error) {
    log.error({ payment_id: payment.id, err: error }, 'processor call failed');
    return payment;
  }
  return transaction(db, async (tx) => {
    if (outcome.status === 'processing') {
      await addPaymentEvent(tx, payment.id, 'payment.processing', 'Submitted; waiting for the processor to confirm', {}, now);
    }
    return applyChargeOutcome(tx, payment.id, outcome, now);
    // Row locks (READ COMMITTED on PostgreSQL): the outcome is decided on the locked payment,
    // and the merchant's ledger balances change by atomic increments, so concurrent payments
    // of one merchant queue on those rows instead of failing serialization.
  }, { isolation: 'read committed' });
}
