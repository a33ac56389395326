import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transaction } from '@/db/client';
import { paymentIntentAttempts, paymentIntents, payments } from '@/db/schema';
import { verifyLedger } from '@/lib/ledger/verify-ledger';
import { dbWithMerchant } from '@/tests/test-db';
import { CardDeclinedError } from './card-declined';
import { confirmPaymentIntent } from './confirm-payment-intent';
import { createPaymentIntent } from './create-payment-intent';
import { suffixOf } from './ids';
import { getPaymentIntentOrThrow } from './payment-intent-store';
import { serializePaymentIntent } from './serialize-payment-intent';

const draft = (db: Awaited<ReturnType<typeof dbWithMerchant>>['db'], merchantId: string, payment_method = 'pm_card_visa') =>
  createPaymentIntent(db, { merchantId, params: { amount: 1500, currency: 'usd', payment_method } });

const paymentsOf = (db: Awaited<ReturnType<typeof dbWithMerchant>>['db'], intentId: string) =>
  db.select({ id: payments.id, status: payments.status }).from(payments).innerJoin(paymentIntentAttempts, eq(paymentIntentAttempts.paymentId, payments.id)).where(eq(paymentIntentAttempts.paymentIntentId, intentId));

describe('confirming a PaymentIntent', () => {
  it("creates the payment under the PaymentIntent's suffix", async () => {
    const { db, merchantId } = await dbWithMerchant();
    const { intent } = await draft(db, merchantId);
    const confirmed = await confirmPaymentIntent(db, { merchantId, id: intent!.id, clientIp: null });
    expect(confirmed.payment).toMatchObject({ id: `pay_${suffixOf(intent!.id)}`, status: 'success', amount: 1500, currency: 'USD' });
    expect(serializePaymentIntent(await getPaymentIntentOrThrow(db, merchantId, intent!.id))).toMatchObject({ status: 'succeeded', amount_received: 1500 });
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('retries a confirmation that died between linking its payment and creating it with the same payment id', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const { intent } = await draft(db, merchantId);
    const paymentId = `pay_${suffixOf(intent!.id)}`;
    // Step 1 of a confirmation committed, then the process died before createPayment.
    await transaction(db, async (tx) => {
      await tx.insert(paymentIntentAttempts).values({ paymentId, paymentIntentId: intent!.id, merchantId, paymentMethod: 'pm_card_visa', createdAt: Date.now() });
      await tx.update(paymentIntents).set({ paymentId }).where(eq(paymentIntents.id, intent!.id));
    });
    expect(serializePaymentIntent(await getPaymentIntentOrThrow(db, merchantId, intent!.id)).status).toBe('requires_confirmation');

    const confirmed = await confirmPaymentIntent(db, { merchantId, id: intent!.id, clientIp: null });
    expect(confirmed.payment?.id).toBe(paymentId);
    expect(await paymentsOf(db, intent!.id)).toEqual([{ id: paymentId, status: 'success' }]);
  });

  it('lets two racing confirmations make one payment', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const { intent } = await draft(db, merchantId);
    const results = await Promise.allSettled([
      confirmPaymentIntent(db, { merchantId, id: intent!.id, clientIp: null }),
      confirmPaymentIntent(db, { merchantId, id: intent!.id, clientIp: null }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await paymentsOf(db, intent!.id)).toEqual([{ id: `pay_${suffixOf(intent!.id)}`, status: 'success' }]);
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('sends a declined PaymentIntent back for a payment method; the retry is a new payment of it', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const { intent } = await draft(db, merchantId, 'pm_card_chargeDeclinedExpiredCard');
    const declined = await confirmPaymentIntent(db, { merchantId, id: intent!.id, clientIp: null }).catch((error: unknown) => error);
    expect(declined).toBeInstanceOf(CardDeclinedError);
    expect(declined).toMatchObject({ stripeCode: 'expired_card', declineCode: 'expired_card', paymentIntent: { status: 'requires_payment_method', payment_method: null } });

    const retried = await confirmPaymentIntent(db, { merchantId, id: intent!.id, paymentMethod: 'pm_card_visa', clientIp: null });
    expect(retried.payment?.status).toBe('success');
    expect(retried.payment?.id).not.toBe(`pay_${suffixOf(intent!.id)}`);
    expect((await paymentsOf(db, intent!.id)).map((p) => p.status).sort()).toEqual(['failed', 'success']);
  });
});
