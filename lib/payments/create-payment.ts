import { transaction, type Db } from '@/db/client';
import { payments, type PaymentStatus } from '@/db/schema';
import { ApiError } from '@/lib/http/errors';
import { newId } from '@/lib/ids';
import { normalizeCurrency, parseAmount } from '@/lib/money/money';
import { assessPayment } from '@/lib/risk/assess-payment';
import { applyChargeOutcome } from './apply-outcome';
import { addPaymentEvent, type Payment } from './payment-store';
import { processorFor } from './processor-registry';
import type { ChargeOutcome } from './processors/types';
import type { CreatePaymentBody } from './schemas';

/**
 * Creates and confirms a payment in three steps, never holding a transaction across the
 * processor call: (1) record it with its risk decision, (2) call the processor, (3) record
 * the outcome and its ledger postings. A crash after (1) leaves a `processing` payment that
 * the worker settles by asking the processor.
 */
export async function createPayment(db: Db, merchantId: string, body: CreatePaymentBody, now = Date.now()): Promise<Payment> {
  const currency = normalizeCurrency(body.currency);
  const amount = parseAmount(body.amount, currency);
  const processor = processorFor(db, body.method);
  const capture = body.capture ?? true;
  if (!capture && !processor.supportsManualCapture) {
    throw new ApiError('parameter_invalid', `capture: false is only supported for card payments, not ${body.method}.`, {
      param: 'capture',
    });
  }
  const { stored, fingerprint } = processor.describe(body.payment_details, new Date(now));
  const id = newId('pay', now);

  const recorded = await transaction(db, async (tx) => {
    const risk = await assessPayment(tx, { merchantId, amount, currency, customerId: body.customer_id ?? null }, now);
    const status: PaymentStatus =
      risk.recommendation === 'block' ? 'failed' : risk.recommendation === 'review' ? 'pending' : 'processing';
    const [payment] = await tx
      .insert(payments)
      .values({
        id,
        merchantId,
        amount,
        currency,
        method: body.method,
        status,
        captureOnConfirm: capture,
        customerId: body.customer_id ?? null,
        description: body.description ?? null,
        metadata: body.metadata ?? {},
        details: stored,
        fingerprint,
        failureCode: status === 'failed' ? 'risk_blocked' : null,
        failureMessage: status === 'failed' ? 'Blocked by risk rules.' : null,
        riskScore: risk.score,
        riskLevel: risk.level,
        riskRecommendation: risk.recommendation,
        riskFactors: risk.factors,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await addPaymentEvent(tx, id, 'payment.created', `Payment created via ${body.method}`, {}, now);
    await addPaymentEvent(tx, id, 'risk.assessed', `Risk score ${risk.score} (${risk.level}): ${risk.recommendation}`, {
      score: risk.score,
      factors: risk.factors,
    }, now);
    if (status === 'failed') await addPaymentEvent(tx, id, 'payment.failed', 'Blocked by risk rules', { failure_code: 'risk_blocked' }, now);
    if (status === 'pending') await addPaymentEvent(tx, id, 'payment.review_required', 'Held for manual review', {}, now);
    return payment;
  });
  if (recorded.status !== 'processing') return recorded;

  let outcome: ChargeOutcome;
  try {
    outcome = await processor.process({ paymentId: id, amount, currency, capture, details: body.payment_details });
  } catch (error) {
    // The processor's state is unknown: leave the payment processing for the worker to verify.
    console.error(JSON.stringify({ level: 'error', msg: 'processor call failed', payment: id, error: String(error) }));
    return recorded;
  }
  return transaction(db, async (tx) => {
    if (outcome.status === 'processing') {
      await addPaymentEvent(tx, id, 'payment.processing', 'Submitted; waiting for the processor to confirm', {}, now);
    }
    return applyChargeOutcome(tx, id, outcome, now);
  });
}
