import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '@/db/client';
import { migratedDatabaseIn } from './test-db';
import { events } from '@/db/schema';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { verifyWebhookSignature } from '@/lib/webhooks/verify-signature';
import { cardPayment, newMerchant } from './api-client';
import { TEST_ENV } from './global-setup';
import { startServer, type RunningServer } from './server';
import { startReceiver, type Receiver } from './webhook-receiver';

const receivers: Receiver[] = [];
async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const poll = { timeout: 15_000, interval: 100 };

describe('webhook endpoints', () => {
  it('creates an endpoint, shows its secret once, validates, updates and deletes', async () => {
    const { api } = await newMerchant();
    const created = await api.post('/webhook_endpoints', { url: 'https://example.com/hooks', enabled_events: ['payment.succeeded', 'refund.*'], description: 'shop' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'webhook_endpoint', status: 'enabled', enabled_events: ['payment.succeeded', 'refund.*'], description: 'shop' });
    expect(created.body.id).toMatch(/^we_/);
    expect(created.body.secret).toMatch(/^whsec_/);
    const fetched = await api.get(`/webhook_endpoints/${created.body.id}`);
    expect(fetched.body.secret).toBeUndefined();
    expect((await api.get('/webhook_endpoints')).body.data.map((e: { id: string }) => e.id)).toEqual([created.body.id]);

    for (const url of ['ftp://example.com/hooks', 'example.com/hooks', 'javascript:alert(1)']) {
      const bad = await api.post('/webhook_endpoints', { url, enabled_events: ['*'] });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'parameter_invalid', param: 'url' });
    }
    const badEvents = await api.post('/webhook_endpoints', { url: 'https://example.com', enabled_events: ['payment.exploded'] });
    expect(badEvents.body.error).toMatchObject({ code: 'parameter_invalid', param: 'enabled_events.0' });
    expect((await api.post('/webhook_endpoints', { url: 'https://example.com', enabled_events: [] })).status).toBe(400);
    expect((await api.post('/webhook_endpoints', { url: 'https://example.com' })).body.error).toMatchObject({ code: 'parameter_missing', param: 'enabled_events' });

    const patched = await api.request('PATCH', `/webhook_endpoints/${created.body.id}`, { status: 'disabled', enabled_events: ['*'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'disabled', disabled_reason: 'manual', enabled_events: ['*'] });
    expect((await api.request('PATCH', `/webhook_endpoints/${created.body.id}`, { url: 'ftp://x' })).status).toBe(400);

    const deleted = await api.request('DELETE', `/webhook_endpoints/${created.body.id}`);
    expect(deleted.body).toEqual({ id: created.body.id, object: 'webhook_endpoint', deleted: true });
    expect((await api.get(`/webhook_endpoints/${created.body.id}`)).status).toBe(404);
    expect((await api.get('/webhook_endpoints')).body.data).toEqual([]);
  });
});

describe('webhook delivery', () => {
  it('delivers a payment as a signed payment.succeeded event that verifies with the secret from creation', async () => {
    const { api } = await newMerchant();
    const hooks = await receiver();
    const endpoint = await api.post('/webhook_endpoints', { url: hooks.url, enabled_events: ['*'] });
    const payment = await api.post('/payments', cardPayment());
    await expect.poll(() => hooks.ofType('payment.succeeded').length, poll).toBe(1);
    const [hook] = hooks.ofType('payment.succeeded');
    expect(hook.event).toMatchObject({ object: 'event', type: 'payment.succeeded', data: { object: { id: payment.body.id, status: 'success', amount: '25.00' } } });
    expect(hook.headers['user-agent']).toBe('Tillpoint-Webhooks/1');
    expect(verifyWebhookSignature(hook.body, hook.signature, endpoint.body.secret)).toBe(true);
    expect(verifyWebhookSignature(hook.body.replace('25.00', '99.00'), hook.signature, endpoint.body.secret)).toBe(false);
    expect(verifyWebhookSignature(hook.body, hook.signature, endpoint.body.secret, { now: Date.now() + 301_000 })).toBe(false);
    const event = await api.get(`/events/${hook.event.id}`);
    expect(JSON.parse(hook.body)).toEqual(event.body);
    await expect.poll(() => hooks.ofType('payment.created').length, poll).toBe(1);
  });

  it('retries after a 500 and lists both attempts', async () => {
    const { api } = await newMerchant();
    // The first answer is held back, so its attempt's duration has a known floor.
    const hooks = await receiver((_, i) => (i === 0 ? { status: 500, body: 'boom', delayMs: 200 } : { status: 200, body: 'thanks' }));
    const endpoint = await api.post('/webhook_endpoints', { url: hooks.url, enabled_events: ['payment.succeeded'] });
    await api.post('/payments', cardPayment());
    // Waits for the server's record of the second attempt, not for the receiver's answer: the
    // receiver has answered before the worker reads that answer and records the attempt in a
    // transaction of its own, so a list taken as soon as the receiver answers can still show the
    // delivery pending after one attempt.
    const deliveries = async () => (await api.get(`/webhook_endpoints/${endpoint.body.id}/deliveries`)).body.data;
    await expect.poll(async () => (await deliveries())[0]?.status, poll).toBe('succeeded');
    expect(hooks.received).toHaveLength(2);
    expect(hooks.acknowledged).toHaveLength(1);
    expect(hooks.received[0].event.id).toBe(hooks.received[1].event.id);
    const list = await deliveries();
    expect(list).toHaveLength(1);
    const [delivery] = list;
    expect(delivery).toMatchObject({ object: 'webhook_delivery', status: 'succeeded', attempt_count: 2, event: hooks.received[0].event.id });
    expect(delivery.attempts).toMatchObject([
      { attempt: 1, succeeded: false, status_code: 500, response_body: 'boom', error: 'HTTP 500' },
      { attempt: 2, succeeded: true, status_code: 200, response_body: 'thanks', error: null },
    ]);
    // Timers may fire a millisecond early; the attempt's clock starts before the request is sent.
    expect(delivery.attempts[0].duration_ms).toBeGreaterThanOrEqual(195);
    expect(Number.isInteger(delivery.attempts[1].duration_ms)).toBe(true);
  });

  it('sends nothing to a disabled endpoint and only subscribed types to the others', async () => {
    const { api } = await newMerchant();
    const [off, refundsOnly, all] = await Promise.all([receiver(), receiver(), receiver()]);
    const disabled = await api.post('/webhook_endpoints', { url: off.url, enabled_events: ['*'] });
    await api.post(`/webhook_endpoints/${disabled.body.id}`, { status: 'disabled' });
    const refundsEndpoint = await api.post('/webhook_endpoints', { url: refundsOnly.url, enabled_events: ['refund.*'] });
    const allEndpoint = await api.post('/webhook_endpoints', { url: all.url, enabled_events: ['*'] });
    const payment = await api.post('/payments', cardPayment());
    await api.post(`/payments/${payment.body.id}/refunds`, { amount: '5.00' });
    // Deliveries are written with their event, in its transaction: once these calls have
    // answered, every delivery that will ever be made exists, and the disabled endpoint has none.
    const deliveries = async (id: string) => (await api.get(`/webhook_endpoints/${id}/deliveries`)).body.data;
    expect(await deliveries(disabled.body.id)).toEqual([]);
    expect(await deliveries(refundsEndpoint.body.id)).toHaveLength(2);
    expect(await deliveries(allEndpoint.body.id)).toHaveLength(4);
    await expect.poll(() => all.received.length, poll).toBe(4);
    await expect.poll(() => refundsOnly.received.length, poll).toBe(2);
    expect(refundsOnly.received.map((h) => h.event.type).sort()).toEqual(['refund.created', 'refund.succeeded']);
    expect(all.received.map((h) => h.event.type).sort()).toEqual(['payment.created', 'payment.succeeded', 'refund.created', 'refund.succeeded']);
    expect(off.received).toEqual([]);
  });

  it('resends an event, to every subscribed endpoint or to one', async () => {
    const { api } = await newMerchant();
    const hooks = await receiver();
    const endpoint = await api.post('/webhook_endpoints', { url: hooks.url, enabled_events: ['payment.succeeded'] });
    await api.post('/payments', cardPayment());
    await expect.poll(() => hooks.received.length, poll).toBe(1);
    const eventId = hooks.received[0].event.id;
    const resent = await api.post(`/events/${eventId}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body.data).toMatchObject([{ object: 'webhook_delivery', trigger: 'resend', status: 'pending', endpoint: endpoint.body.id }]);
    await expect.poll(() => hooks.received.length, poll).toBe(2);
    expect(hooks.received[1].event.id).toBe(eventId);
    expect(hooks.received[1].body).toBe(hooks.received[0].body);

    // To one endpoint, even for a type it does not subscribe to.
    const created = (await api.get('/events?type=payment.created')).body.data[0];
    const one = await api.post(`/events/${created.id}/resend`, { endpoint: endpoint.body.id });
    expect(one.body.data).toHaveLength(1);
    await expect.poll(() => hooks.ofType('payment.created').length, poll).toBe(1);
    await api.post(`/webhook_endpoints/${endpoint.body.id}`, { status: 'disabled' });
    const refused = await api.post(`/events/${created.id}/resend`, { endpoint: endpoint.body.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('webhook_endpoint_disabled');
  });

  it('signs with the old and the new secret after a roll', async () => {
    const { api } = await newMerchant();
    const hooks = await receiver();
    const endpoint = await api.post('/webhook_endpoints', { url: hooks.url, enabled_events: ['payment.created'] });
    const rolled = await api.post(`/webhook_endpoints/${endpoint.body.id}/roll_secret`);
    expect(rolled.body.secret).toMatch(/^whsec_/);
    expect(rolled.body.secret).not.toBe(endpoint.body.secret);
    expect(Date.parse(rolled.body.previous_secret_expires) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    await api.post('/payments', cardPayment());
    await expect.poll(() => hooks.received.length, poll).toBe(1);
    const [hook] = hooks.received;
    expect(verifyWebhookSignature(hook.body, hook.signature, rolled.body.secret)).toBe(true);
    expect(verifyWebhookSignature(hook.body, hook.signature, endpoint.body.secret)).toBe(true);
  });
});

describe('events API', () => {
  it('lists newest first with cursor pagination and type filters, and gets one event', async () => {
    const { api } = await newMerchant();
    await api.post('/payments', cardPayment());
    await api.post('/payments', cardPayment({ payment_details: { number: '4000000000000002', exp_month: 12, exp_year: 2099, cvc: '123' } }));
    const all = await api.get('/events?limit=100');
    expect(all.status).toBe(200);
    expect(all.body.data.map((e: { type: string }) => e.type).sort()).toEqual(['payment.created', 'payment.created', 'payment.failed', 'payment.succeeded']);
    const ids = all.body.data.map((e: { id: string }) => e.id);
    expect([...ids].sort().reverse()).toEqual(ids);

    const first = await api.get('/events?limit=3');
    expect(first.body).toMatchObject({ has_more: true, next_cursor: ids[2] });
    const second = await api.get(`/events?limit=3&starting_after=${first.body.next_cursor}`);
    expect(second.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(second.body.data.map((e: { id: string }) => e.id)).toEqual([ids[3]]);

    const failed = await api.get('/events?type=payment.failed');
    expect(failed.body.data).toHaveLength(1);
    expect(failed.body.data[0]).toMatchObject({ object: 'event', type: 'payment.failed', data: { object: { status: 'failed', failure_code: 'card_declined' } } });
    expect((await api.get('/events?type=payment.*')).body.data).toHaveLength(4);
    expect((await api.get('/events?type=nonsense')).status).toBe(400);
    expect((await api.get(`/events/${ids[0]}`)).body.id).toBe(ids[0]);
    expect((await api.get('/events/evt_missing')).status).toBe(404);
  });

  it("keeps every merchant's events, endpoints and deliveries to itself", async () => {
    const a = await newMerchant('A');
    const b = await newMerchant('B');
    const endpoint = await a.api.post('/webhook_endpoints', { url: 'http://127.0.0.1:1/x', enabled_events: ['*'] });
    await a.api.post('/payments', cardPayment());
    const [event] = (await a.api.get('/events')).body.data;
    expect((await b.api.get('/events')).body.data).toEqual([]);
    for (const res of [
      await b.api.get(`/events/${event.id}`),
      await b.api.post(`/events/${event.id}/resend`),
      await b.api.get(`/webhook_endpoints/${endpoint.body.id}`),
      await b.api.post(`/webhook_endpoints/${endpoint.body.id}`, { status: 'disabled' }),
      await b.api.request('DELETE', `/webhook_endpoints/${endpoint.body.id}`),
      await b.api.get(`/webhook_endpoints/${endpoint.body.id}/deliveries`),
      await b.api.post(`/webhook_endpoints/${endpoint.body.id}/roll_secret`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('resource_missing');
    }
    expect((await a.api.post(`/events/${event.id}/resend`, { endpoint: 'we_other' })).status).toBe(404);
  });
});

describe('webhook delivery across a crash', () => {
  it('delivers every pending event after the server is killed mid-delivery and restarted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-hooks-'));
    const databaseUrl = await migratedDatabaseIn(dir, 'webhooks_api');
    const db = openDatabase(databaseUrl);
    const { merchantId, secretKey } = await createMerchant(db, { name: 'Crash merchant' });
    // Short HTTP timeout so the dead server's claims expire quickly (timeout + 5 s).
    const env = { ...TEST_ENV, DATABASE_URL: databaseUrl, TILLPOINT_WEBHOOK_TIMEOUT_MS: '2000' };
    const hooks = await receiver(() => 'hang');
    let server: RunningServer | undefined;
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${server!.baseUrl}/api/v1${p}`, {
        method,
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    try {
      server = await startServer(env, path.join(dir, 'server-1.log'));
      const endpoint = await call('POST', '/webhook_endpoints', { url: hooks.url, enabled_events: ['*'] });
      for (let i = 0; i < 5; i++) expect((await call('POST', '/payments', cardPayment())).status).toBe(201);
      // The worker is mid-delivery (the receiver holds the requests open): kill it hard.
      await expect.poll(() => hooks.received.length, poll).toBeGreaterThan(0);
      const exited = new Promise((resolve) => server!.process.once('exit', resolve));
      server.process.kill('SIGKILL');
      await exited;
      expect(hooks.acknowledged).toEqual([]);

      hooks.setAnswer(() => ({ status: 200 }));
      server = await startServer(env, path.join(dir, 'server-2.log'));
      const expected = (await db.select({ id: events.id }).from(events).where(eq(events.merchantId, merchantId))).map((e) => e.id).sort();
      expect(expected).toHaveLength(10);
      await expect
        .poll(() => [...new Set(hooks.acknowledged.map((h) => h.event.id))].sort(), { timeout: 30_000, interval: 200 })
        .toEqual(expected);
      for (const hook of hooks.acknowledged) expect(verifyWebhookSignature(hook.body, hook.signature, endpoint.body.secret)).toBe(true);
      await expect
        .poll(async () => (await call('GET', `/webhook_endpoints/${endpoint.body.id}/deliveries?limit=100`)).body.data.map((d: { status: string }) => d.status), poll)
        .toEqual(Array(10).fill('succeeded'));
    } finally {
      await server?.stop();
      await closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
