import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { card, cardPayment, suiteDb } from './api-client';
import { newStripeMerchant, rejection } from './stripe-client';
import { startReceiver, type Receiver } from './webhook-receiver';

const receivers: Receiver[] = [];
async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const poll = { timeout: 15_000, interval: 100 };

/** The Stripe event types queued for an endpoint, oldest first (fan-out happens in the payment's own transaction). */
async function queuedFor(endpointId: string) {
  const rows = await suiteDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).orderBy(webhookDeliveries.id);
  return rows.map((d) => d.stripeEventType);
}

describe('Stripe SDK: webhook endpoints', () => {
  it('creates with a secret shown once, retrieves, updates, lists and deletes', async () => {
    const { stripe, api } = await newStripeMerchant();
    const created = await stripe.webhookEndpoints.create({ url: 'https://example.com/stripe', enabled_events: ['payment_intent.succeeded', 'charge.refunded'], description: 'shop', metadata: { env: 'test' } });
    expect(created).toMatchObject({ object: 'webhook_endpoint', url: 'https://example.com/stripe', enabled_events: ['payment_intent.succeeded', 'charge.refunded'], status: 'enabled', description: 'shop', metadata: { env: 'test' }, livemode: false });
    expect(created.id).toMatch(/^we_/);
    expect(created.secret).toMatch(/^whsec_/);

    const fetched = await stripe.webhookEndpoints.retrieve(created.id);
    expect(fetched.secret).toBeUndefined();
    expect((await api.get(`/webhook_endpoints/${created.id}`)).body).not.toHaveProperty('secret');
    // Stored sealed: the secret is nowhere in the row.
    const [row] = await suiteDb().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id));
    expect(JSON.stringify(row)).not.toContain(created.secret!.slice('whsec_'.length));
    expect(row.format).toBe('stripe');

    const updated = await stripe.webhookEndpoints.update(created.id, { enabled_events: ['*'], disabled: true, metadata: { env: '', team: 'pay' } });
    expect(updated).toMatchObject({ enabled_events: ['*'], status: 'disabled', metadata: { team: 'pay' } });
    expect((await stripe.webhookEndpoints.update(created.id, { disabled: false })).status).toBe('enabled');

    const second = await stripe.webhookEndpoints.create({ url: 'https://example.com/other', enabled_events: ['*'] });
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).toEqual([second.id, created.id]);
    const paged: string[] = [];
    for await (const endpoint of stripe.webhookEndpoints.list({ limit: 1 })) paged.push(endpoint.id);
    expect(paged).toEqual([second.id, created.id]);

    expect(await stripe.webhookEndpoints.del(created.id)).toEqual({ id: created.id, object: 'webhook_endpoint', deleted: true });
    expect((await rejection(stripe.webhookEndpoints.retrieve(created.id))).statusCode).toBe(404);
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).toEqual([second.id]);

    const badEvents = await rejection(stripe.webhookEndpoints.create({ url: 'https://example.com', enabled_events: ['payment.succeeded' as Stripe.WebhookEndpointCreateParams.EnabledEvent] }));
    expect(badEvents.statusCode).toBe(400);
    expect(badEvents.param).toContain('enabled_events');
    expect((await rejection(stripe.webhookEndpoints.create({ url: 'ftp://example.com', enabled_events: ['*'] }))).param).toBe('url');
  });

  it("refuses to change a Stripe endpoint's events through the native API, and hides native endpoints from /v1", async () => {
    const { stripe, api } = await newStripeMerchant();
    const stripeEndpoint = await stripe.webhookEndpoints.create({ url: 'https://example.com/s', enabled_events: ['*'] });
    const native = await api.post('/webhook_endpoints', { url: 'https://example.com/n', enabled_events: ['*'] });
    const refused = await api.request('PATCH', `/webhook_endpoints/${stripeEndpoint.id}`, { enabled_events: ['payment.succeeded'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.param).toBe('enabled_events');
    expect((await rejection(stripe.webhookEndpoints.retrieve(native.body.id))).statusCode).toBe(404);
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).toEqual([stripeEndpoint.id]);
  });
});

describe('Stripe SDK: Stripe-signed webhooks', () => {
  it('delivers only enabled events, Stripe-shaped, verifiable with stripe.webhooks.constructEvent', async () => {
    const { stripe, api } = await newStripeMerchant();
    const picky = await receiver();
    const everything = await receiver();
    const pickyEndpoint = await stripe.webhookEndpoints.create({ url: picky.url, enabled_events: ['payment_intent.succeeded', 'charge.refunded'] });
    const allEndpoint = await stripe.webhookEndpoints.create({ url: everything.url, enabled_events: ['*'] });

    const payment = await api.post('/payments', cardPayment({ amount: '42.00', metadata: { order: 'A-1' } }));
    expect(payment.body.status).toBe('success');
    expect((await api.post(`/payments/${payment.body.id}/refunds`, { amount: '10.00' })).status).toBe(201);

    expect(await queuedFor(pickyEndpoint.id)).toEqual(['payment_intent.succeeded', 'charge.refunded']);
    expect(await queuedFor(allEndpoint.id)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'refund.created', 'charge.refunded', 'refund.updated']);

    await expect.poll(() => picky.received.length, poll).toBe(2);
    await expect.poll(() => everything.received.length, poll).toBe(6);
    const paymentIntentId = `pi_${payment.body.id.slice('pay_'.length)}`;
    for (const hook of picky.received) {
      const header = hook.headers['stripe-signature'] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const event = stripe.webhooks.constructEvent(hook.body, header, pickyEndpoint.secret!);
      expect(event.object).toBe('event');
      if (event.type === 'payment_intent.succeeded') {
        expect(event.data.object).toMatchObject({ id: paymentIntentId, object: 'payment_intent', amount: 4200, amount_received: 4200, currency: 'usd', status: 'succeeded', metadata: { order: 'A-1' } });
      } else {
        expect(event.type).toBe('charge.refunded');
        expect(event.data.object).toMatchObject({ object: 'charge', amount: 4200, amount_refunded: 1000, refunded: false, payment_intent: paymentIntentId });
      }
    }
    // Each endpoint's secret signs only its own deliveries.
    const other = picky.received[0];
    expect(() => stripe.webhooks.constructEvent(other.body, other.headers['stripe-signature'] as string, allEndpoint.secret!)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const tampered = other.body.replace('4200', '4300');
    expect(() => stripe.webhooks.constructEvent(tampered, other.headers['stripe-signature'] as string, pickyEndpoint.secret!)).toThrow(Stripe.errors.StripeSignatureVerificationError);

    // What was delivered is what the Events API answers, once every delivery has succeeded.
    for (const hook of everything.received) {
      const event = stripe.webhooks.constructEvent(hook.body, hook.headers['stripe-signature'] as string, allEndpoint.secret!);
      await expect.poll(async () => (await stripe.events.retrieve(event.id)).pending_webhooks, poll).toBe(0);
      expect(await stripe.events.retrieve(event.id)).toEqual({ ...JSON.parse(hook.body), pending_webhooks: 0 });
    }
    const refundCreated = everything.received.map((h) => JSON.parse(h.body)).find((e) => e.type === 'refund.created');
    expect(refundCreated.data.object).toMatchObject({ object: 'refund', amount: 1000, status: 'pending', charge: `ch_${payment.body.id.slice('pay_'.length)}` });
  });
});

describe('Stripe SDK: PaymentIntents made without confirm', () => {
  it('says payment_intent.created when the draft is made, once however many confirmations follow', async () => {
    const { stripe, api } = await newStripeMerchant();
    const hooks = await receiver();
    const endpoint = await stripe.webhookEndpoints.create({ url: hooks.url, enabled_events: ['payment_intent.created', 'payment_intent.payment_failed', 'payment_intent.succeeded', 'payment_intent.canceled'] });
    const nativeEndpoint = await api.post('/webhook_endpoints', { url: (await receiver()).url, enabled_events: ['*'] });
    expect(nativeEndpoint.status).toBe(201);

    const draft = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', metadata: { order: 'D-1' } });
    const [created] = (await stripe.events.list()).data;
    expect(created).toMatchObject({ type: 'payment_intent.created', data: { object: { id: draft.id, object: 'payment_intent', status: 'requires_payment_method', amount: 2500, metadata: { order: 'D-1' } } } });
    expect(await stripe.events.retrieve(created.id)).toEqual(created);
    await expect.poll(() => hooks.received.length, poll).toBe(1);
    const delivered = stripe.webhooks.constructEvent(hooks.received[0].body, hooks.received[0].headers['stripe-signature'] as string, endpoint.secret!);
    expect(delivered).toMatchObject({ id: created.id, type: 'payment_intent.created', data: { object: { id: draft.id } } });

    // Declined, then paid with another card: two payments, one payment_intent.created.
    expect((await rejection(stripe.paymentIntents.confirm(draft.id, { payment_method: 'pm_card_chargeDeclined' }))).statusCode).toBe(402);
    expect((await stripe.paymentIntents.confirm(draft.id, { payment_method: 'pm_card_visa' })).status).toBe('succeeded');
    const types = (await stripe.events.list()).data.reverse().map((e) => e.type);
    expect(types).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed', 'charge.succeeded', 'payment_intent.succeeded']);
    expect((await stripe.events.list({ type: 'payment_intent.created' })).data.map((e) => e.id)).toEqual([created.id]);
    expect(await queuedFor(endpoint.id)).toEqual(['payment_intent.created', 'payment_intent.payment_failed', 'payment_intent.succeeded']);
    await expect.poll(() => hooks.received.length, poll).toBe(3);

    // A draft cancelled before any payment: Stripe's payment_intent.canceled, with nothing native behind it.
    const second = await stripe.paymentIntents.create({ amount: 700, currency: 'usd' });
    expect((await stripe.paymentIntents.cancel(second.id, { cancellation_reason: 'abandoned' })).status).toBe('canceled');
    const [canceled, secondCreated] = (await stripe.events.list({ limit: 2 })).data;
    expect(secondCreated).toMatchObject({ type: 'payment_intent.created', data: { object: { id: second.id, status: 'requires_payment_method' } } });
    expect(canceled).toMatchObject({ type: 'payment_intent.canceled', data: { object: { id: second.id, status: 'canceled', cancellation_reason: 'abandoned' } } });
    await expect.poll(() => hooks.received.length, poll).toBe(5);
    expect(hooks.received.slice(3).map((h) => h.event.id).sort()).toEqual([secondCreated.id, canceled.id].sort());

    // The native API has no draft to tell about: its events are the two payments' own.
    const native: { id: string; type: string }[] = (await api.get('/events?limit=100')).body.data;
    expect(native.map((e) => e.type)).toEqual(['payment.succeeded', 'payment.created', 'payment.failed', 'payment.created']);
    expect((await api.get(`/events/${created.id}`)).status).toBe(404);
    expect((await api.post(`/events/${canceled.id}/resend`)).status).toBe(404);
    const nativeDeliveries = await suiteDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, nativeEndpoint.body.id));
    expect(nativeDeliveries.map((d) => d.eventId).sort()).toEqual(native.map((e) => e.id).sort());
  });
});

describe('Stripe SDK: pending_webhooks', () => {
  it('counts the endpoints that have not yet received an event', async () => {
    const { stripe, api } = await newStripeMerchant();
    const ok = await receiver();
    // Refuses everything until healed, and charge.succeeded for good.
    let healed = false;
    const failing = await receiver((hook) => ({ status: healed && hook.event.type !== 'charge.succeeded' ? 200 : 500 }));
    await stripe.webhookEndpoints.create({ url: ok.url, enabled_events: ['payment_intent.succeeded'] });
    const failingEndpoint = await stripe.webhookEndpoints.create({ url: failing.url, enabled_events: ['payment_intent.succeeded', 'charge.succeeded'] });

    const intent = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const event = async (type: string) => (await stripe.events.list({ type })).data[0];
    // Delivered to one endpoint; the other answered 500 and waits for its retries.
    await expect.poll(() => ok.acknowledged.length, poll).toBe(1);
    await expect.poll(() => new Set(failing.received.map((h) => h.event.type)).size, poll).toBe(2);
    await expect.poll(async () => (await event('payment_intent.succeeded')).pending_webhooks, poll).toBe(1);
    expect((await event('charge.succeeded')).pending_webhooks).toBe(1);
    // No endpoint takes payment_intent.created: nothing pending.
    expect((await event('payment_intent.created')).pending_webhooks).toBe(0);
    const succeeded = await event('payment_intent.succeeded');
    expect(succeeded.data.object).toMatchObject({ id: intent.id });
    expect((await stripe.events.retrieve(succeeded.id)).pending_webhooks).toBe(1);

    // Resent (the Tillpoint event behind both) once the endpoint takes it: delivered, nothing pending for it.
    healed = true;
    const tillpointEventId = succeeded.id.replace(/_\d+$/, '');
    expect((await api.post(`/events/${tillpointEventId}/resend`, { endpoint: failingEndpoint.id })).status).toBe(200);
    await expect.poll(async () => (await stripe.events.retrieve(succeeded.id)).pending_webhooks, poll).toBe(0);
    expect((await event('charge.succeeded')).pending_webhooks).toBe(1);
  });
});

describe('Stripe SDK: events', () => {
  it("names a payment's life in Stripe's event types, each object as it was then", async () => {
    const { stripe, api } = await newStripeMerchant();
    const authorized = await api.post('/payments', cardPayment({ amount: '12.00', capture: false }));
    expect(authorized.body.status).toBe('requires_capture');
    expect((await api.post(`/payments/${authorized.body.id}/capture`, {})).body.status).toBe('success');
    const declined = await api.post('/payments', cardPayment({ payment_details: card('4000000000000002') }));
    expect(declined.body.status).toBe('failed');
    const toCancel = await api.post('/payments', cardPayment({ capture: false }));
    expect((await api.post(`/payments/${toCancel.body.id}/cancel`, {})).body.status).toBe('cancelled');

    const events = (await stripe.events.list({ limit: 100 })).data.reverse();
    const pi = (paymentId: string) => `pi_${paymentId.slice('pay_'.length)}`;
    const of = (paymentId: string) =>
      events.filter((e) => {
        const object = e.data.object as { id: string; payment_intent?: string };
        return object.id === pi(paymentId) || object.payment_intent === pi(paymentId);
      });
    expect(of(authorized.body.id).map((e) => e.type)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated', 'charge.captured', 'payment_intent.succeeded']);
    const [created, authCharge, capturable, captured, succeeded] = of(authorized.body.id).map((e) => e.data.object as any);
    expect(created).toMatchObject({ object: 'payment_intent', amount: 1200, capture_method: 'manual' });
    expect(authCharge).toMatchObject({ object: 'charge', captured: false, amount_captured: 0, paid: true });
    expect(capturable).toMatchObject({ status: 'requires_capture', amount_capturable: 1200 });
    expect(captured).toMatchObject({ object: 'charge', captured: true, amount_captured: 1200 });
    expect(succeeded).toMatchObject({ status: 'succeeded', amount_received: 1200, amount_capturable: 0 });

    expect(of(declined.body.id).map((e) => e.type)).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
    const failedIntent = of(declined.body.id)[2].data.object as Stripe.PaymentIntent;
    expect(failedIntent.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined' });
    expect(of(toCancel.body.id).map((e) => e.type)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated', 'payment_intent.canceled']);
    expect((of(toCancel.body.id)[3].data.object as Stripe.PaymentIntent).status).toBe('canceled');

    for (const event of events) {
      expect(event).toMatchObject({ object: 'event', livemode: false });
      expect(Number.isInteger(event.created)).toBe(true);
    }
    const onlyFailed = await stripe.events.list({ type: 'payment_intent.payment_failed' });
    expect(onlyFailed.data.map((e) => e.type)).toEqual(['payment_intent.payment_failed']);
    expect((await stripe.events.list({ type: 'charge.*' })).data.map((e) => e.type)).toEqual(['charge.succeeded', 'charge.failed', 'charge.captured', 'charge.succeeded']);
    expect((await rejection(stripe.events.list({ type: 'customer.created' }))).statusCode).toBe(400);
  });

  it('auto-paginates over every event, newest first, without gaps or repeats, both ways', async () => {
    const { stripe, api } = await newStripeMerchant();
    for (let i = 0; i < 7; i++) expect((await api.post('/payments', cardPayment())).status).toBe(201);
    const all = (await stripe.events.list({ limit: 100 })).data.map((e) => e.id);
    expect(all).toHaveLength(21);
    const seen: string[] = [];
    for await (const event of stripe.events.list({ limit: 4 })) seen.push(event.id);
    expect(seen).toEqual(all);

    const page = await stripe.events.list({ limit: 4, starting_after: all[5] });
    expect(page.data.map((e) => e.id)).toEqual(all.slice(6, 10));
    expect(page.has_more).toBe(true);
    const back = await stripe.events.list({ limit: 4, ending_before: all[10] });
    expect(back.data.map((e) => e.id)).toEqual(all.slice(6, 10));
    const succeeded = await stripe.events.list({ type: 'payment_intent.succeeded', limit: 3 });
    expect(succeeded.data).toHaveLength(3);
    expect(succeeded.has_more).toBe(true);
  });

  it('reads PaymentIntents made through /v1 and their refunds as Stripe events', async () => {
    const { stripe } = await newStripeMerchant();
    const intent = await stripe.paymentIntents.create({ amount: 3000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, metadata: { order: 'B-2' } });
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 1200 });
    const events = (await stripe.events.list()).data.reverse();
    expect(events.map((e) => e.type)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'refund.created', 'charge.refunded', 'refund.updated']);
    expect(events[0].data.object).toMatchObject({ id: intent.id, object: 'payment_intent', amount: 3000, currency: 'eur', metadata: { order: 'B-2' } });
    expect(events[2].data.object).toEqual(await stripe.paymentIntents.retrieve(intent.id));
    expect(events[4].data.object).toMatchObject({ id: intent.latest_charge, amount_refunded: 1200, payment_intent: intent.id });
    expect(events[5].data.object).toEqual(await stripe.refunds.retrieve(refund.id));
  });

  it("keeps events to their merchant", async () => {
    const a = await newStripeMerchant();
    const b = await newStripeMerchant();
    await a.api.post('/payments', cardPayment());
    const [event] = (await a.stripe.events.list({ limit: 1 })).data;
    expect((await rejection(b.stripe.events.retrieve(event.id))).statusCode).toBe(404);
    expect((await b.stripe.events.list()).data).toEqual([]);
    expect((await rejection(a.stripe.events.retrieve('evt_nope'))).statusCode).toBe(404);
  });
});
