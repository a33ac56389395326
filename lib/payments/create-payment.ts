import { eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { placeholders, preparedQuery } from '@/db/sql';
import { recordIdempotentResource } from '@/lib/idempotency/keys';
import { payments, type PaymentStatus } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { normalizeCurrency, parseAmount } from '@/lib/money/money';
import { checkLargeTransaction } from '@/lib/monitoring/evaluate-alerts';
import { metrics } from '@/lib/monitoring/prometheus';
import { assessPayment } from '@/lib/risk/assess-payment';
import { openReview } from '@/lib/risk/reviews';
import { getRiskSettings } from '@/lib/risk/settings';
import { seal } from '@/lib/security/encryption';
import { addPaymentEvent, sealedDetailsContext, type Payment } from './payment-store';
import { processorFor } from './processor-registry';
import { rollUpPayment } from '@/lib/rollups/payment-rollups';
import type { CreatePaymentBody } from './schemas';
import { serializePayment } from './serialize';
import { submitToProcessor } from './submit-to-processor';
import { emitEvent } from '@/lib/events/events';

const insertPayment = preparedQuery('insert_payment', (db) =>
  db
    .insert(payments)
    .values(
      placeholders([
        'id', 'merchantId', 'amount', 'currency', 'method', 'status', 'captureOnConfirm', 'customerId', 'customerEmail', 'ipAddress',
        'description', 'metadata', 'details', 'fingerprint', 'failureCode', 'failureMessage', 'riskScore', 'riskLevel',
        'riskRecommendation', 'riskFactors', 'sealedDetails', 'createdAt', 'updatedAt',
      ]),
    )
    .returning(),
);

export type CreatePaymentCommand = {
  merchantId: string;
  body: CreatePaymentBody;
  /** The caller's address, used for risk when the body names no `ip_address`. */
  clientIp?: string | null;
  /** The id to give the payment (the Stripe-compatible API's first confirmation keeps its PaymentIntent's suffix). */
  paymentId?: string;
  now?: number;
};

/**
 * Creates and confirms a payment in three steps, never holding a transaction across the
 * processor call: (1) record it with its risk decision, (2) call the processor, (3) record
 * the outcome and its ledger postings. A crash after (1) leaves a `processing` payment that
 * the worker settles by asking the processor. A payment held for review stops after (1),
 * keeping its details sealed until a reviewer decides.
 */
export async function createPayment(
  db: Db,
  { merchantId, body, clientIp = null, paymentId, now = Date.now() }: CreatePaymentCommand,
): Promise<Payment> {
  const currency = normalizeCurrency(body.currency);
  const amount = parseAmount(body.amount, currency);
  const processor = processorFor(db, body.method);
  const capture = body.capture ?? true;
  if (!capture && !processor.supportsManualCapture) {
    throw new DomainError('parameter_invalid', `capture: false is only supported for card payments, not ${body.method}.`, {
      param: 'capture',
    });
  }
  const { stored, fingerprint } = processor.describe(body.payment_details, new Date(now));
  const id = paymentId ?? newId('pay', now);
  const customerEmail = body.customer_email?.toLowerCase() ?? null;
  const ipAddress = body.ip_address ?? clientIp;

  const recorded = await transaction(db, async (tx) => {
    // A chosen id is taken by a confirmation that got here first (two racing confirmations of
    // one PaymentIntent): refuse the second in the standard shape rather than fail on the key.
    if (paymentId !== undefined && (await tx.select({ id: payments.id }).from(payments).where(eq(payments.id, paymentId))).length > 0) {
      throw new DomainError('payment_state_invalid', `Payment ${paymentId} already exists: another confirmation of it is under way or done.`);
    }
    // Read once: the assessment's thresholds and the large-payment alert's currency.
    const riskSettings = await getRiskSettings(tx, merchantId);
    const risk = await assessPayment(
      tx,
      {
        merchantId,
        amount,
        currency,
        method: body.method,
        customerId: body.customer_id ?? null,
        email: customerEmail,
        ipAddress,
        fingerprint,
        cardCountry: typeof stored.country === 'string' ? stored.country : null,
      },
      now,
      riskSettings,
    );
    const status: PaymentStatus =
      risk.recommendation === 'block' ? 'failed' : risk.recommendation === 'review' ? 'pending' : 'processing';
    const [payment] = await insertPayment(tx, {
      id,
      merchantId,
      amount,
      currency,
      method: body.method,
      status,
      captureOnConfirm: capture,
      customerId: body.customer_id ?? null,
      customerEmail,
      ipAddress,
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
      sealedDetails: status === 'pending' ? seal(JSON.stringify(body.payment_details), sealedDetailsContext(id)) : null,
      createdAt: now,
      updatedAt: now,
    });
    await rollUpPayment(tx, null, payment);
    await recordIdempotentResource(tx, { type: 'payment', id });
    await addPaymentEvent(tx, id, 'payment.created', `Payment created via ${body.method}`, {}, now);
    await addPaymentEvent(tx, id, 'risk.assessed', `Risk score ${risk.score} (${risk.level}): ${risk.recommendation}`, {
      score: risk.score,
      factors: risk.factors,
    }, now);
    if (status === 'failed') await addPaymentEvent(tx, id, 'payment.failed', 'Blocked by risk rules', { failure_code: 'risk_blocked' }, now);
    if (status === 'pending') {
      const review = await openReview(tx, { merchantId, paymentId: id }, now);
      await addPaymentEvent(tx, id, 'payment.review_required', 'Held for manual review', { review: review.id }, now);
    }
    await emitEvent(tx, merchantId, 'payment.created', serializePayment(payment, []), now);
    if (status === 'failed') await emitEvent(tx, merchantId, 'payment.failed', serializePayment(payment, []), now);
    if (status === 'pending') await emitEvent(tx, merchantId, 'payment.pending_review', serializePayment(payment, []), now);
    await checkLargeTransaction(tx, payment, now, riskSettings.referenceCurrency);
    return payment;
    // READ COMMITTED on PostgreSQL: it locks nothing and only inserts rows of
    // its own. Its reads are the risk features (velocity counts), which a payment committing at
    // the same moment may miss, as with any velocity check; SERIALIZABLE would instead fail
    // concurrent payments of one customer against each other.
  }, { isolation: 'read committed' });
  metrics().riskDecisions.inc({ recommendation: recorded.riskRecommendation });
  if (recorded.status !== 'processing') return recorded;
  return submitToProcessor(db, recorded, body.payment_details, now);
}
