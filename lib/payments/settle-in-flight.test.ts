import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transaction } from '@/db/client';
import { payments, refunds } from '@/db/schema';
import { getBalance } from '@/lib/ledger/balance';
import { verifyLedger } from '@/lib/ledger/verify-ledger';
import { dbWithMerchant } from '@/tests/test-db';
import { createPayment } from './create-payment';
import { getPaymentById } from './payment-store';
import { processorFor } from './processor-registry';
import { IN_FLIGHT_GRACE_MS, settleInFlight } from './settle-in-flight';

const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' };
const later = () => Date.now() + IN_FLIGHT_GRACE_MS + 1_000;

describe('settling work a crash left in flight', () => {
  it('completes a capture the processor made but the crashed request never recorded', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const authorized = await createPayment(db, { merchantId, body: { amount: '50.00', currency: 'USD', method: 'credit_card', capture: false, payment_details: card } });
    // Steps 1 and 2 of a capture happen, then the process dies before step 3.
    await transaction(db, (tx) => tx.update(payments).set({ status: 'processing' }).where(eq(payments.id, authorized.id)));
    await processorFor(db, 'credit_card').capture(authorized.id, 5000);

    expect(await settleInFlight(db)).toEqual({ payments: 0, refunds: 0 }); // still within the grace
    expect(await settleInFlight(db, later())).toEqual({ payments: 1, refunds: 0 });
    const settled = await getPaymentById(db, authorized.id);
    expect(settled).toMatchObject({ status: 'success', amountCaptured: 5000 });
    expect((await getBalance(db, merchantId)).pending).toEqual([{ amount: '48.25', currency: 'USD' }]); // less the 1.75 fee
    expect(await settleInFlight(db, later())).toEqual({ payments: 0, refunds: 0 }); // nothing applied twice
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('fails a payment the processor never received, once the grace has passed', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const paid = await createPayment(db, { merchantId, body: { amount: '5.00', currency: 'USD', method: 'credit_card', payment_details: card } });
    // A copy of a payment recorded in step 1 whose process died before calling the processor.
    const orphan = { ...paid, id: `${paid.id}X`, status: 'processing' as const, amountCaptured: 0 };
    await transaction(db, (tx) => tx.insert(payments).values(orphan));
    await settleInFlight(db, later());
    expect(await getPaymentById(db, orphan.id)).toMatchObject({ status: 'failed', failureCode: 'processing_error' });
  });

  it('re-sends a refund whose answer was lost, without refunding twice', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const paid = await createPayment(db, { merchantId, body: { amount: '20.00', currency: 'EUR', method: 'credit_card', payment_details: card } });
    const now = Date.now();
    const refund = { id: 're_lost', merchantId, paymentId: paid.id, amount: 700, currency: 'EUR', status: 'pending' as const, createdAt: now, updatedAt: now };
    await transaction(db, (tx) => tx.insert(refunds).values(refund));
    await processorFor(db, 'credit_card').refund({ paymentId: paid.id, refundId: refund.id, amount: 700 });

    expect(await settleInFlight(db, later())).toEqual({ payments: 0, refunds: 1 });
    expect(await getPaymentById(db, paid.id)).toMatchObject({ amountRefunded: 700 });
    const [row] = await db.select().from(refunds).where(eq(refunds.id, refund.id));
    expect(row.status).toBe('succeeded');
    expect(await getBalance(db, merchantId)).toMatchObject({
      pending: [{ amount: '19.12', currency: 'EUR' }], // 20.00 less the 0.88 fee
      available: [{ amount: '-7.00', currency: 'EUR' }], // the refund, once
    });
    expect(await verifyLedger(db)).toEqual([]);
  });
});
