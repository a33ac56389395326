import { describe, expect, it } from 'vitest';
import { transaction } from '@/db/client';
import { paymentStatuses, refunds } from '@/db/schema';
import { dbWithMerchant } from '@/tests/test-db';
import { createPayment } from './create-payment';
import { availableActions, refundableAmount } from './payment-actions';
import { paymentResponse } from './payment-response';
import { getPaymentById } from './payment-store';
import { refundPayment } from './refund-payment';

const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' };
const refund = (amount: number, status: 'pending' | 'succeeded' | 'failed') => ({ amount, status });

describe('refundable and available actions', () => {
  it('follows the state machine for every status', () => {
    const actions = Object.fromEntries(paymentStatuses.map((status) => [status, availableActions({ status, amountCaptured: 1_000 }, [])]));
    expect(actions).toEqual({
      pending: ['cancel'],
      processing: [],
      requires_capture: ['capture', 'cancel'],
      success: ['refund'],
      failed: [],
      cancelled: [],
    });
  });

  it('counts refunds that succeeded or are in flight, not failed ones', () => {
    const paid = { status: 'success' as const, amountCaptured: 10_000 };
    expect(refundableAmount(paid, [])).toBe(10_000);
    expect(refundableAmount(paid, [refund(3_000, 'succeeded'), refund(2_000, 'pending'), refund(4_000, 'failed')])).toBe(5_000);
    expect(refundableAmount(paid, [refund(6_000, 'succeeded'), refund(4_000, 'pending')])).toBe(0);
    expect(availableActions(paid, [refund(6_000, 'succeeded'), refund(4_000, 'pending')])).toEqual([]);
    // Not refundable before success, whatever was captured.
    expect(refundableAmount({ status: 'processing', amountCaptured: 10_000 }, [])).toBe(0);
  });

  it('is what the API shows and exactly what refundPayment allows', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const paid = await createPayment(db, { merchantId, body: { amount: '100.00', currency: 'USD', method: 'credit_card', payment_details: card } });
    await refundPayment(db, { merchantId, paymentId: paid.id, amount: '30.00' });
    // A refund still waiting for the processor (its call failed; the worker retries it) holds 20.00.
    await transaction(db, (tx) =>
      tx.insert(refunds).values({ id: 're_inflight', merchantId, paymentId: paid.id, amount: 2_000, currency: 'USD', status: 'pending', createdAt: 1, updatedAt: 1 }),
    );
    const shown = await paymentResponse(db, await getPaymentById(db, paid.id));
    expect(shown).toMatchObject({ amount_refunded: '30.00', refundable: '50.00', available_actions: ['refund'] });

    await expect(refundPayment(db, { merchantId, paymentId: paid.id, amount: '50.01' })).rejects.toMatchObject({
      code: 'refund_exceeds_remaining',
      message: 'Refund exceeds what remains of this payment: 50.00 USD can still be refunded.',
    });
    await refundPayment(db, { merchantId, paymentId: paid.id, amount: '50.00' });
    const after = await paymentResponse(db, await getPaymentById(db, paid.id));
    expect(after).toMatchObject({ amount_refunded: '80.00', refundable: '0.00', available_actions: [] });
  });

  it('shows an authorization as capturable and cancellable, with nothing refundable', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const authorized = await createPayment(db, { merchantId, body: { amount: '1000', currency: 'JPY', method: 'credit_card', capture: false, payment_details: card } });
    expect(await paymentResponse(db, authorized)).toMatchObject({ status: 'requires_capture', refundable: '0', available_actions: ['capture', 'cancel'] });
  });
});
