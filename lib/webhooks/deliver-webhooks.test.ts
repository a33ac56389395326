import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { transaction, type Db } from '@/db/client';
import { alerts, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { evaluateAlerts } from '@/lib/monitoring/evaluate-alerts';
import { dbWithMerchant } from '@/tests/test-db';
import { startReceiver, type Answer, type Receiver } from '@/tests/webhook-receiver';
import { claimDueDeliveries, deliverDueWebhooks } from './deliver-webhooks';
import { listDeliveries } from './deliveries';
import { createEndpoint, rollEndpointSecret, updateEndpoint } from './endpoints';
import { emitEvent } from '@/lib/events/events';
import { MAX_ATTEMPTS } from './retry-schedule';
import { verifyWebhookSignature } from './verify-signature';

// The receivers here listen on 127.0.0.1, which only a server with this flag may deliver to.
beforeAll(() => {
  vi.stubEnv('TILLPOINT_WEBHOOK_ALLOW_PRIVATE', '1');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function setup(answer?: (hook: any, index: number) => Answer) {
  const { db, merchantId } = await dbWithMerchant();
  receiver = await startReceiver(answer);
  const { endpoint, secret } = await createEndpoint(db, merchantId, { url: receiver.url, enabled_events: ['*'] });
  let now = Date.now();
  const clock = { now: () => now, set: (t: number) => (now = t), advance: (ms: number) => (now += ms) };
  const emit = (type: 'payment.succeeded' | 'refund.created' = 'payment.succeeded') =>
    transaction(db, (tx) => emitEvent(tx, merchantId, type, { id: 'pay_123', object: 'payment', status: 'success' }, clock.now()));
  return { db, merchantId, endpoint, secret, clock, emit, receiver };
}

const deliveryRows = (db: Db) => db.select().from(webhookDeliveries);

describe('webhook delivery', () => {
  it('POSTs the event signed with the endpoint secret and records the attempt', async () => {
    const { db, merchantId, endpoint, secret, clock, emit, receiver } = await setup();
    const event = await emit();
    expect(await deliverDueWebhooks(db, 'w1', clock.now)).toEqual({ sent: 1, succeeded: 1 });
    const [hook] = receiver.received;
    expect(hook.event).toMatchObject({ id: event.id, type: 'payment.succeeded', data: { object: { id: 'pay_123' } } });
    expect(hook.headers['content-type']).toBe('application/json');
    expect(hook.headers['user-agent']).toBe('Tillpoint-Webhooks/1');
    expect(hook.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(hook.body, hook.signature, secret, { now: clock.now() })).toBe(true);
    const [delivery] = (await listDeliveries(db, merchantId, endpoint.id, { limit: 10 })).data;
    expect(delivery).toMatchObject({ status: 'succeeded', attempt_count: 1, last_status_code: 200 });
    expect(delivery.attempts).toEqual([expect.objectContaining({ attempt: 1, succeeded: true, status_code: 200, response_body: 'ok', error: null })]);
    expect(await deliverDueWebhooks(db, 'w1', clock.now)).toEqual({ sent: 0, succeeded: 0 });
  });

  it('retries a failed attempt with backoff and keeps every attempt', async () => {
    const { db, merchantId, endpoint, clock, emit, receiver } = await setup((_, i) => (i === 0 ? { status: 500, body: 'x'.repeat(5000) } : { status: 200 }));
    await emit();
    await deliverDueWebhooks(db, 'w1', clock.now);
    const [pending] = await deliveryRows(db);
    expect(pending).toMatchObject({ status: 'pending', attemptCount: 1, lastStatusCode: 500, claimedUntil: null });
    // The first retry waits about a minute (±20%): nothing is due before.
    expect(pending.nextAttemptAt! - clock.now()).toBeGreaterThanOrEqual(48_000);
    expect(pending.nextAttemptAt! - clock.now()).toBeLessThanOrEqual(72_000);
    clock.advance(30_000);
    expect((await deliverDueWebhooks(db, 'w1', clock.now)).sent).toBe(0);
    clock.set(pending.nextAttemptAt!);
    expect(await deliverDueWebhooks(db, 'w1', clock.now)).toEqual({ sent: 1, succeeded: 1 });
    expect(receiver.received).toHaveLength(2);
    const [delivery] = (await listDeliveries(db, merchantId, endpoint.id, { limit: 10 })).data;
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts.map((a) => [a.attempt, a.status_code, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);
    expect(delivery.attempts[0].response_body).toHaveLength(1024);
    expect(delivery.attempts[0].error).toBe('HTTP 500');
  });

  it('records network errors as failed attempts', async () => {
    const { db, merchantId, clock, emit } = await setup();
    const { endpoint } = await createEndpoint(db, merchantId, { url: 'http://127.0.0.1:1/nothing-listens', enabled_events: ['refund.*'] });
    await emit('refund.created');
    await deliverDueWebhooks(db, 'w1', clock.now);
    const [delivery] = (await listDeliveries(db, merchantId, endpoint.id, { limit: 10 })).data;
    expect(delivery).toMatchObject({ status: 'pending', attempt_count: 1, last_status_code: null });
    // Generic: the raw socket error (ECONNREFUSED here) would help map a network.
    expect(delivery.attempts[0].error).toBe('connection_failed');
  });

  it('gives each due delivery to one worker only, until its claim expires', async () => {
    const { db, clock, emit } = await setup();
    for (let i = 0; i < 5; i++) await emit();
    const [a, b] = await Promise.all([claimDueDeliveries(db, 'w1', clock.now()), claimDueDeliveries(db, 'w2', clock.now())]);
    expect(a.length + b.length).toBe(5);
    expect(new Set([...a, ...b].map((d) => d.id)).size).toBe(5);
    expect(await claimDueDeliveries(db, 'w3', clock.now())).toEqual([]);
    // A worker that died mid-send: its claims expire and another worker takes them over.
    expect(await claimDueDeliveries(db, 'w3', clock.now() + 60_000)).toHaveLength(5);
  });

  it('sends nothing to a disabled endpoint and resumes when it is enabled', async () => {
    const { db, merchantId, endpoint, clock, emit, receiver } = await setup();
    await emit();
    await updateEndpoint(db, merchantId, endpoint.id, { status: 'disabled' });
    expect((await deliverDueWebhooks(db, 'w1', clock.now)).sent).toBe(0);
    await emit();
    expect(await deliveryRows(db)).toHaveLength(1);
    await updateEndpoint(db, merchantId, endpoint.id, { status: 'enabled' });
    expect((await deliverDueWebhooks(db, 'w1', clock.now)).sent).toBe(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('signs with both secrets after a roll, until the old one expires', async () => {
    const { db, merchantId, endpoint, secret: oldSecret, clock, emit, receiver } = await setup();
    const { secret: newSecret } = await rollEndpointSecret(db, merchantId, endpoint.id, {}, clock.now());
    expect(newSecret).not.toBe(oldSecret);
    await emit();
    await deliverDueWebhooks(db, 'w1', clock.now);
    const [hook] = receiver.received;
    expect(hook.signature!.split(',').filter((p) => p.startsWith('v1='))).toHaveLength(2);
    expect(verifyWebhookSignature(hook.body, hook.signature, newSecret, { now: clock.now() })).toBe(true);
    expect(verifyWebhookSignature(hook.body, hook.signature, oldSecret, { now: clock.now() })).toBe(true);

    clock.advance(25 * 3_600_000);
    await emit();
    await deliverDueWebhooks(db, 'w1', clock.now);
    const late = receiver.received[1];
    expect(verifyWebhookSignature(late.body, late.signature, newSecret, { now: clock.now() })).toBe(true);
    expect(verifyWebhookSignature(late.body, late.signature, oldSecret, { now: clock.now() })).toBe(false);
  });

  it('raises a webhook_failures alert when half the attempts of the last hour failed', async () => {
    const { db, merchantId, clock, emit } = await setup(() => ({ status: 500 }));
    for (let i = 0; i < 4; i++) await emit();
    await deliverDueWebhooks(db, 'w1', clock.now);
    await evaluateAlerts(db, clock.now());
    expect(await db.select().from(alerts).where(eq(alerts.merchantId, merchantId))).toEqual([]); // 4 attempts: below the minimum
    await emit();
    await deliverDueWebhooks(db, 'w1', clock.now);
    await evaluateAlerts(db, clock.now());
    const [alert] = await db.select().from(alerts).where(eq(alerts.merchantId, merchantId));
    expect(alert).toMatchObject({ type: 'webhook_failures', status: 'open', conditionKey: 'webhook_failures', data: { failed: 5, attempts: 5 } });
    clock.advance(61 * 60_000);
    await evaluateAlerts(db, clock.now());
    const [resolved] = await db.select().from(alerts).where(eq(alerts.id, alert.id));
    expect(resolved.status).toBe('resolved');
  });

  it('fails a delivery after the last attempt and disables an endpoint that keeps failing, with an alert', async () => {
    const { db, merchantId, endpoint, clock, emit, receiver } = await setup(() => ({ status: 503 }));
    await emit();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [delivery] = await deliveryRows(db);
      if (delivery.status !== 'pending') break;
      clock.set(Math.max(clock.now(), delivery.nextAttemptAt!));
      expect((await deliverDueWebhooks(db, 'w1', clock.now)).sent).toBe(1);
    }
    const [failed] = await deliveryRows(db);
    expect(failed).toMatchObject({ status: 'failed', attemptCount: MAX_ATTEMPTS, nextAttemptAt: null });
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    // Over three days of failures: the next failed attempt (if the last did not already) disables it.
    clock.advance(86_400_000);
    await emit();
    await deliverDueWebhooks(db, 'w1', clock.now);
    const [after] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(after).toMatchObject({ status: 'disabled', disabledReason: 'too_many_failures' });
    const [alert] = await db.select().from(alerts).where(eq(alerts.merchantId, merchantId));
    expect(alert).toMatchObject({ type: 'webhook_failures', status: 'open', conditionKey: `webhook_endpoint_disabled:${endpoint.id}` });

    // Enabling it again clears the streak and resolves the alert.
    await updateEndpoint(db, merchantId, endpoint.id, { status: 'enabled' });
    const [again] = await db.select().from(alerts).where(eq(alerts.id, alert.id));
    expect(again.status).toBe('resolved');
  });
});
