import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { transaction } from '@/db/client';
import { events, webhookDeliveries } from '@/db/schema';
import { capturePayment } from '@/lib/payments/capture-payment';
import { createPayment } from '@/lib/payments/create-payment';
import { refundPayment } from '@/lib/payments/refund-payment';
import type { CreatePaymentBody } from '@/lib/payments/schemas';
import { dbWithMerchant } from '@/tests/test-db';
import { createEndpoint, updateEndpoint } from '@/lib/webhooks/endpoints';
import { emitEvent, listEvents } from './events';
import { matchesEventPattern } from './event-types';

const card = (number = '4242424242424242') => ({ number, exp_month: 12, exp_year: 2099, cvc: '123' });
const pay = (overrides: Record<string, unknown> = {}) =>
  ({ amount: '25.00', currency: 'USD', method: 'credit_card', payment_details: card(), ...overrides }) as CreatePaymentBody;

// The endpoints here point at 127.0.0.1, which needs the flag self-hosters on a LAN set.
beforeAll(() => {
  vi.stubEnv('TILLPOINT_WEBHOOK_ALLOW_PRIVATE', '1');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe('events outbox', () => {
  it('records each payment change with the object as it was then', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const payment = await createPayment(db, { merchantId, body: pay() });
    const all = (await db.select().from(events).where(eq(events.merchantId, merchantId))).sort((a, b) => a.createdAt - b.createdAt || a.type.localeCompare(b.type));
    expect(all.map((e) => e.type).sort()).toEqual(['payment.created', 'payment.succeeded']);
    const created = all.find((e) => e.type === 'payment.created')!;
    const succeeded = all.find((e) => e.type === 'payment.succeeded')!;
    expect(created.object).toMatchObject({ id: payment.id, object: 'payment', status: 'processing', amount_captured: '0.00' });
    expect(succeeded.object).toMatchObject({ id: payment.id, status: 'success', amount_captured: '25.00' });
  });

  it('emits failures, authorizations and manual captures', async () => {
    const { db, merchantId } = await dbWithMerchant();
    await createPayment(db, { merchantId, body: pay({ payment_details: card('4000000000000002') }) });
    const authorized = await createPayment(db, { merchantId, body: pay({ capture: false }) });
    await capturePayment(db, { merchantId, paymentId: authorized.id });
    const types = (await listEvents(db, merchantId, { limit: 100 })).data.map((e) => e.type);
    expect(types.filter((t) => t === 'payment.failed')).toHaveLength(1);
    expect(types).toEqual(expect.arrayContaining(['payment.authorized', 'payment.captured', 'payment.succeeded']));
    const filtered = await listEvents(db, merchantId, { limit: 100, type: 'payment.captured' });
    expect(filtered.data.map((e) => (e.object as { id: string }).id)).toEqual([authorized.id]);
  });

  it('writes no event for a change that rolls back', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const payment = await createPayment(db, { merchantId, body: pay() });
    await expect(refundPayment(db, { merchantId, paymentId: payment.id, amount: '30.00' })).rejects.toMatchObject({ code: 'refund_exceeds_remaining' });
    expect((await listEvents(db, merchantId, { limit: 100, type: 'refund.*' })).data).toEqual([]);

    await createEndpoint(db, merchantId, { url: 'http://127.0.0.1:9/hooks', enabled_events: ['*'] });
    await expect(
      transaction(db, async (tx) => {
        await emitEvent(tx, merchantId, 'payment.created', { id: 'pay_x' }, Date.now());
        throw new Error('the change fails after its event was written');
      }),
    ).rejects.toThrow('the change fails');
    expect((await db.select().from(events).where(eq(events.type, 'payment.created'))).map((e) => (e.object as { id: string }).id)).toEqual([payment.id]);
    expect(await db.select().from(webhookDeliveries)).toEqual([]);

    await refundPayment(db, { merchantId, paymentId: payment.id, amount: '10.00' });
    const refundEvents = (await listEvents(db, merchantId, { limit: 100, type: 'refund.*' })).data;
    expect(refundEvents.map((e) => e.type).sort()).toEqual(['refund.created', 'refund.succeeded']);
    expect(refundEvents[0].object).toMatchObject({ object: 'refund', amount: '10.00', payment: payment.id });
  });

  it('fans out to enabled endpoints whose subscriptions match, in the same transaction', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const all = (await createEndpoint(db, merchantId, { url: 'http://127.0.0.1:9/all', enabled_events: ['*'] })).endpoint;
    const refundsOnly = (await createEndpoint(db, merchantId, { url: 'http://127.0.0.1:9/refunds', enabled_events: ['refund.*'] })).endpoint;
    const succeeded = (await createEndpoint(db, merchantId, { url: 'http://127.0.0.1:9/ok', enabled_events: ['payment.succeeded'] })).endpoint;
    const disabled = (await createEndpoint(db, merchantId, { url: 'http://127.0.0.1:9/off', enabled_events: ['*'] })).endpoint;
    await updateEndpoint(db, merchantId, disabled.id, { status: 'disabled' });
    const payment = await createPayment(db, { merchantId, body: pay() });
    await refundPayment(db, { merchantId, paymentId: payment.id });
    const deliveries = await db.select().from(webhookDeliveries);
    const count = (endpointId: string) => deliveries.filter((d) => d.endpointId === endpointId).length;
    expect(count(all.id)).toBe(4);
    expect(count(refundsOnly.id)).toBe(2);
    expect(count(succeeded.id)).toBe(1);
    expect(count(disabled.id)).toBe(0);
    expect(deliveries.every((d) => d.status === 'pending')).toBe(true);
  });

  it('matches patterns exactly, by prefix, or all', () => {
    expect(matchesEventPattern('*', 'payout.paid')).toBe(true);
    expect(matchesEventPattern('refund.*', 'refund.failed')).toBe(true);
    expect(matchesEventPattern('refund.*', 'review.approved')).toBe(false);
    expect(matchesEventPattern('payment.failed', 'payment.failed')).toBe(true);
    expect(matchesEventPattern('payment.failed', 'payment.created')).toBe(false);
  });
});
