import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '@/db/client';
import { jsonField } from '@/db/sql';
import { migratedDatabaseIn } from './test-db';
import { paymentIntents, payments, refunds } from '@/db/schema';
import { verifyLedger } from '@/lib/ledger/verify-ledger';
import { createMerchant } from '@/lib/merchants/create-merchant';
import type { CrashPoint } from '@/lib/testing/crash-point';
import { cardPayment } from './api-client';
import { TEST_ENV } from './global-setup';
import { startServer, type RunningServer } from './server';

// The real production server, killed for real: by itself at a named step
// (TILLPOINT_TEST_CRASH_AT, a SIGKILL of its own pid) or by this test at a random moment.
// Every unanswered request is then retried with its Idempotency-Key on a restarted server.

type Answer = { status: number; body: any; text: string; replayed: boolean } | 'no answer';

let dir: string;
let databaseUrl: string;
let db: Db;
let secretKey: string;
let merchantId: string;
let logCount = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-crash-'));
  databaseUrl = await migratedDatabaseIn(dir, 'crash_recovery');
  db = openDatabase(databaseUrl);
  ({ secretKey, merchantId } = await createMerchant(db, { name: 'Crash test merchant' }));
});

afterAll(async () => {
  if (db) await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

// The worker is off so that each retry, not the worker's in-flight recovery, settles what the
// crash left behind (the worker's path is tested on its own in lib/payments/settle-in-flight.test.ts).
const env = () => ({ ...TEST_ENV, DATABASE_URL: databaseUrl, TILLPOINT_WORKER: 'off', TILLPOINT_LOG_LEVEL: 'warn' });
const start = (extra: Record<string, string> = {}) => startServer({ ...env(), ...extra }, path.join(dir, `server-${++logCount}.log`));

async function post(server: RunningServer, route: string, body: unknown, key?: string): Promise<Answer> {
  try {
    const res = await fetch(`${server.baseUrl}/api/v1${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text), text, replayed: res.headers.get('idempotent-replayed') === 'true' };
  } catch {
    return 'no answer';
  }
}

const exited = (server: RunningServer) =>
  server.process.exitCode !== null || server.process.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => server.process.once('exit', () => resolve()));

function paymentsWithOrder(order: string) {
  return db.select().from(payments).where(eq(jsonField(payments.metadata, 'order'), order));
}

async function crashOnce(point: CrashPoint, route: string, body: unknown, key: string): Promise<void> {
  const doomed = await start({ TILLPOINT_TEST_CRASH_AT: point });
  expect(await post(doomed, route, body, key)).toBe('no answer');
  await exited(doomed);
  expect(doomed.process.signalCode).toBe('SIGKILL');
}

describe('a keyed payment retried after the server was killed at each step', () => {
  const cases: { point: CrashPoint; status: string; failureCode: string | null }[] = [
    { point: 'request.after_claim', status: 'success', failureCode: null }, // nothing recorded: the retry runs it
    { point: 'processor.before_charge', status: 'failed', failureCode: 'processing_error' }, // recorded, never reached the processor
    { point: 'processor.after_charge', status: 'success', failureCode: null }, // charged, the answer was lost
    { point: 'request.before_response_stored', status: 'success', failureCode: null }, // finished, the answer was lost
  ];
  for (const { point, status, failureCode } of cases) {
    it(`crash at ${point}: one payment, the retry describes it, the ledger balances`, async () => {
      const key = `payment-${point}`;
      const body = cardPayment({ amount: '40.00', metadata: { order: key } });
      await crashOnce(point, '/payments', body, key);

      const server = await start();
      try {
        const retry = await post(server, '/payments', body, key);
        if (retry === 'no answer') throw new Error('the restarted server did not answer');
        expect(retry.status).toBe(201);
        const stored = await paymentsWithOrder(key);
        expect(stored).toHaveLength(1);
        expect(retry.body).toMatchObject({ id: stored[0].id, status, failure_code: failureCode });
        // Nothing was recorded before a crash right after the claim: that retry is a first execution.
        expect(retry.replayed).toBe(point !== 'request.after_claim');

        const again = await post(server, '/payments', body, key);
        expect(again).toMatchObject({ status: 201, text: retry.text, replayed: true });
        expect(await paymentsWithOrder(key)).toHaveLength(1);
        expect(await verifyLedger(db, merchantId)).toEqual([]);
      } finally {
        await server.stop();
      }
    }, 60_000);
  }
});

describe('a keyed refund retried after the server was killed at each step', () => {
  const points: CrashPoint[] = ['request.after_claim', 'processor.before_refund', 'processor.after_refund', 'request.before_response_stored'];
  for (const point of points) {
    it(`crash at ${point}: one refund, the retry describes it, the ledger balances`, async () => {
      const setup = await start();
      const payment = await post(setup, '/payments', cardPayment({ amount: '50.00' }));
      await setup.stop();
      if (payment === 'no answer') throw new Error('no payment');
      expect(payment.body.status).toBe('success');

      const key = `refund-${point}`;
      const route = `/payments/${payment.body.id}/refunds`;
      const body = { amount: '20.00', reason: 'crash test' };
      await crashOnce(point, route, body, key);

      const server = await start();
      try {
        const retry = await post(server, route, body, key);
        if (retry === 'no answer') throw new Error('the restarted server did not answer');
        expect(retry.status).toBe(201);
        const stored = await db.select().from(refunds).where(eq(refunds.paymentId, payment.body.id));
        expect(stored).toHaveLength(1);
        expect(retry.body).toMatchObject({ id: stored[0].id, status: 'succeeded', amount: '20.00' });
        expect(retry.replayed).toBe(point !== 'request.after_claim');

        const again = await post(server, route, body, key);
        expect(again).toMatchObject({ status: 201, text: retry.text, replayed: true });
        const [after] = await db.select().from(payments).where(eq(payments.id, payment.body.id));
        expect(after.amountRefunded).toBe(2000);
        expect(await verifyLedger(db, merchantId)).toEqual([]);
      } finally {
        await server.stop();
      }
    }, 60_000);
  }
});

describe('captures, cancellations and review decisions retried after a crash before their answer was stored', () => {
  const cases: { name: string; prepare: (server: RunningServer) => Promise<string>; expectBody: (body: any) => void }[] = [
    {
      name: 'capture',
      prepare: async (server) => `/payments/${await authorized(server)}/capture`,
      expectBody: (body) => expect(body).toMatchObject({ status: 'success', amount_captured: '60.00' }),
    },
    {
      name: 'cancel',
      prepare: async (server) => `/payments/${await authorized(server)}/cancel`,
      expectBody: (body) => expect(body).toMatchObject({ status: 'cancelled' }),
    },
    {
      name: 'review approval',
      prepare: async (server) => {
        // Every payment is held for review while the threshold is 0.
        await post(server, '/risk/settings', { review_threshold: 0, block_threshold: 1 });
        const held = await post(server, '/payments', cardPayment());
        await post(server, '/risk/settings', { review_threshold: 0.7, block_threshold: 0.8 });
        if (held === 'no answer') throw new Error('no payment');
        expect(held.body.status).toBe('pending');
        return `/reviews/${held.body.review.id}/approve`;
      },
      expectBody: (body) => expect(body).toMatchObject({ status: 'approved', payment: { status: 'success' } }),
    },
  ];
  const authorized = async (server: RunningServer) => {
    const payment = await post(server, '/payments', cardPayment({ amount: '60.00', capture: false }));
    if (payment === 'no answer') throw new Error('no payment');
    expect(payment.body.status).toBe('requires_capture');
    return payment.body.id as string;
  };
  for (const { name, prepare, expectBody } of cases) {
    it(`${name}: the retry answers what the first attempt did instead of a state error`, async () => {
      const setup = await start();
      const route = await prepare(setup);
      await setup.stop();
      const key = `after-${name}`;
      await crashOnce('request.before_response_stored', route, {}, key);

      const server = await start();
      try {
        const retry = await post(server, route, {}, key);
        if (retry === 'no answer') throw new Error('the restarted server did not answer');
        expect(retry.status, retry.text).toBe(200);
        expect(retry.replayed).toBe(true);
        expectBody(retry.body);
        // Without the key the same call is refused: the first attempt really did it.
        const fresh = await post(server, route, {});
        expect(fresh !== 'no answer' && fresh.status).toBe(400);
        expect(await verifyLedger(db, merchantId)).toEqual([]);
      } finally {
        await server.stop();
      }
    }, 60_000);
  }
});

// The same through the Stripe-compatible surface and the official SDK: a keyed /v1 request
// whose server died answers, on retry, what the first attempt would have (a decline's 402 too).
type SdkAnswer = { status: number; body: any; replayed: boolean } | 'no answer';

function stripeAt(server: RunningServer): Stripe {
  const { hostname, port } = new URL(server.baseUrl);
  return new Stripe(secretKey, { host: hostname, port: Number(port), protocol: 'http', maxNetworkRetries: 0, telemetry: false });
}

async function sdkCall(call: () => Promise<Stripe.Response<object>>): Promise<SdkAnswer> {
  try {
    const { lastResponse, ...body } = await call();
    return { status: lastResponse.statusCode, body, replayed: lastResponse.headers['idempotent-replayed'] === 'true' };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeConnectionError) return 'no answer';
    if (error instanceof Stripe.errors.StripeError) {
      // The SDK's `raw` is the answer's `error` with the response's headers and status beside it.
      const { headers: _headers, statusCode: _status, requestId: _request, ...body } = error.raw as Record<string, unknown>;
      return { status: error.statusCode!, body, replayed: error.headers?.['idempotent-replayed'] === 'true' };
    }
    throw error;
  }
}

/** An answer with what differs between two requests (ids, secrets, times, the order key) masked. */
const shapeOf = (answer: SdkAnswer) =>
  JSON.parse(
    JSON.stringify(answer === 'no answer' ? answer : { status: answer.status, body: answer.body })
      .replace(/\b(pi|ch|pay|re|req)_[0-9A-Za-z_-]+/g, '$1_*')
      .replace(/"(created|request_log_url)":("[^"]*"|\d+)/g, '"$1":"*"')
      .replace(/"order":"[^"]*"/g, '"order":"*"'),
  );

describe('a keyed /v1 PaymentIntent create+confirm retried through the SDK after the server was killed', () => {
  const cases: { point: CrashPoint; paymentMethod: string; baseline: string; status: number }[] = [
    { point: 'request.after_claim', paymentMethod: 'pm_card_visa', baseline: 'pm_card_visa', status: 200 },
    // The PaymentIntent recorded, not yet confirmed: the retry confirms that one, no second one.
    { point: 'stripe.after_payment_intent', paymentMethod: 'pm_card_visa', baseline: 'pm_card_visa', status: 200 },
    // Recorded, never reached the processor: settled as a processing error, Stripe's 402.
    { point: 'processor.before_charge', paymentMethod: 'pm_card_visa', baseline: 'pm_card_chargeDeclinedProcessingError', status: 402 },
    { point: 'processor.after_charge', paymentMethod: 'pm_card_visa', baseline: 'pm_card_visa', status: 200 },
    // Declined, the answer lost: the retry is the same 402 card_error, not the PaymentIntent.
    { point: 'processor.after_charge', paymentMethod: 'pm_card_chargeDeclined', baseline: 'pm_card_chargeDeclined', status: 402 },
    { point: 'request.before_response_stored', paymentMethod: 'pm_card_visa', baseline: 'pm_card_visa', status: 200 },
  ];
  for (const { point, paymentMethod, baseline, status } of cases) {
    it(`crash at ${point} (${paymentMethod}): one charge, the answer an uninterrupted request gives, the ledger balances`, async () => {
      const key = `v1-intent-${point}-${paymentMethod}`;
      const create = (stripe: Stripe, order: string, method: string, idempotencyKey?: string) =>
        sdkCall(() => stripe.paymentIntents.create({ amount: 4100, currency: 'usd', payment_method: method, confirm: true, metadata: { order } }, { idempotencyKey }));

      const doomed = await start({ TILLPOINT_TEST_CRASH_AT: point });
      expect(await create(stripeAt(doomed), key, paymentMethod, key)).toBe('no answer');
      await exited(doomed);
      expect(doomed.process.signalCode).toBe('SIGKILL');

      const server = await start();
      try {
        const stripe = stripeAt(server);
        const retry = await create(stripe, key, paymentMethod, key);
        if (retry === 'no answer') throw new Error('the restarted server did not answer');
        expect(retry.status, JSON.stringify(retry.body)).toBe(status);
        expect(retry.replayed).toBe(point !== 'request.after_claim');
        const [intent] = await db.select().from(paymentIntents).where(eq(jsonField(paymentIntents.metadata, 'order'), key));
        expect(await db.select().from(paymentIntents).where(eq(jsonField(paymentIntents.metadata, 'order'), key))).toHaveLength(1);
        const charged = await paymentsWithOrder(key);
        expect(charged).toHaveLength(1);
        expect((await stripe.charges.list({ payment_intent: intent.id })).data.map((c) => c.id)).toEqual([`ch_${charged[0].id.slice('pay_'.length)}`]);
        const described = status === 200 ? retry.body : retry.body.payment_intent;
        expect(described).toMatchObject({ id: intent.id, latest_charge: `ch_${charged[0].id.slice('pay_'.length)}` });

        // The same answer as a request that was never interrupted, and as every later retry.
        const expected = shapeOf(await create(stripe, `${key}-baseline`, baseline, `${key}-baseline`));
        if (baseline !== paymentMethod) {
          // Another card's decline: the same error but for its words.
          delete expected.body.message;
          delete expected.body.payment_intent.last_payment_error.message;
          delete expected.body.payment_intent.payment_method;
        }
        expect(shapeOf(retry)).toMatchObject(expected);
        const again = await create(stripe, key, paymentMethod, key);
        expect(again).toMatchObject({ status, replayed: true });
        expect(shapeOf(again)).toEqual(shapeOf(retry));
        expect(await paymentsWithOrder(key)).toHaveLength(1);
        expect(await verifyLedger(db, merchantId)).toEqual([]);
      } finally {
        await server.stop();
      }
    }, 60_000);
  }
});

describe('a keyed /v1 refund retried through the SDK after the server was killed', () => {
  const points: CrashPoint[] = ['request.after_claim', 'processor.before_refund', 'processor.after_refund', 'request.before_response_stored'];
  for (const point of points) {
    it(`crash at ${point}: one refund, the answer an uninterrupted request gives, the ledger balances`, async () => {
      const setup = await start();
      const paid = async () => (await stripeAt(setup).paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true })).id;
      const [intentId, baselineId] = [await paid(), await paid()];
      await setup.stop();

      const key = `v1-refund-${point}`;
      const refund = (stripe: Stripe, paymentIntent: string, idempotencyKey: string) =>
        sdkCall(() => stripe.refunds.create({ payment_intent: paymentIntent, amount: 2000, reason: 'requested_by_customer' }, { idempotencyKey }));
      const doomed = await start({ TILLPOINT_TEST_CRASH_AT: point });
      expect(await refund(stripeAt(doomed), intentId, key)).toBe('no answer');
      await exited(doomed);
      expect(doomed.process.signalCode).toBe('SIGKILL');

      const server = await start();
      try {
        const stripe = stripeAt(server);
        const retry = await refund(stripe, intentId, key);
        if (retry === 'no answer') throw new Error('the restarted server did not answer');
        expect(retry.status, JSON.stringify(retry.body)).toBe(200);
        expect(retry.replayed).toBe(point !== 'request.after_claim');
        const paymentId = `pay_${intentId.slice('pi_'.length)}`;
        const stored = await db.select().from(refunds).where(eq(refunds.paymentId, paymentId));
        expect(stored).toHaveLength(1);
        expect(retry.body).toMatchObject({ id: stored[0].id, object: 'refund', status: 'succeeded', amount: 2000, payment_intent: intentId });
        expect((await stripe.refunds.list({ payment_intent: intentId })).data.map((r) => r.id)).toEqual([stored[0].id]);

        expect(shapeOf(retry)).toEqual(shapeOf(await refund(stripe, baselineId, `${key}-baseline`)));
        const again = await refund(stripe, intentId, key);
        expect(again).toMatchObject({ status: 200, replayed: true });
        expect(shapeOf(again)).toEqual(shapeOf(retry));
        const [after] = await db.select().from(payments).where(eq(payments.id, paymentId));
        expect(after.amountRefunded).toBe(2000);
        expect(await verifyLedger(db, merchantId)).toEqual([]);
      } finally {
        await server.stop();
      }
    }, 60_000);
  }
});

// Seeds run in CI: a failure prints its seed, and TILLPOINT_CRASH_SEED=<seed> replays it.
const seeds = process.env.TILLPOINT_CRASH_SEED ? [Number(process.env.TILLPOINT_CRASH_SEED)] : [1, 2, 3];

describe('keyed payments and refunds under load with the server killed at random moments', () => {
  for (const seed of seeds) {
    it(`seed ${seed}: every request applied exactly once`, async () => {
      const ops = 120;
      const concurrency = 8;
      const rng = fc.sample(fc.integer({ min: 0, max: 1_000_000 }), { seed, numRuns: 4 * ops });
      let r = 0;
      const random = () => rng[r++ % rng.length] / 1_000_000;

      // Half payments (some declined), half partial refunds of payments answered earlier.
      type Op = { key: string; route: string; body: Record<string, unknown>; answer?: Answer };
      const paymentOps: Op[] = [];
      const refundOps: Op[] = [];
      const decline = '4000000000000002';
      for (let i = 0; i < ops; i++) {
        const key = `seed-${seed}-payment-${i}`;
        const number = random() < 0.2 ? decline : '4242424242424242';
        paymentOps.push({ key, route: '/payments', body: cardPayment({ amount: '30.00', metadata: { order: key }, payment_details: { number, exp_month: 12, exp_year: 2099, cvc: '123' } }) });
      }

      // A 503 changed nothing and says "retry" (PostgreSQL: a transaction that lost its
      // serialization race too often, or no pooled connection in time): like a lost answer, the
      // client sends it again with its key.
      const answered = (op: Op) => op.answer !== undefined && op.answer !== 'no answer' && op.answer.status !== 503;
      // `killAfter`: SIGKILL the server once that many answers of the round have arrived, with
      // the other requests still in flight (counted, not timed, so every machine sees kills).
      const runAll = async (server: RunningServer, queue: Op[], killAfter: number | null) => {
        const pending = queue.filter((op) => !answered(op));
        let next = 0;
        let answers = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < pending.length) {
              const op = pending[next++];
              op.answer = await post(server, op.route, op.body, op.key);
              if (op.answer !== 'no answer' && ++answers === killAfter) server.process.kill('SIGKILL');
            }
          }),
        );
      };

      let kills = 0;
      const rounds = async (queue: () => Op[]) => {
        let killsHere = 0;
        while (queue().some((op) => !answered(op))) {
          const server = await start();
          const left = queue().filter((op) => !answered(op)).length;
          // At most two kills per phase, each at a random point well inside the round.
          const killAfter = killsHere < 2 && left > 20 ? 5 + Math.floor(random() * (left - 20)) : null;
          await runAll(server, queue(), killAfter);
          if (server.process.exitCode === null && server.process.signalCode === null) await server.stop();
          else {
            await exited(server);
            kills++;
            killsHere++;
          }
        }
      };

      await rounds(() => paymentOps);
      for (const op of paymentOps) {
        const answer = op.answer as Exclude<Answer, 'no answer'>;
        if (answer.body.status !== 'success') continue;
        refundOps.push({ key: `seed-${seed}-refund-${op.key}`, route: `/payments/${answer.body.id}/refunds`, body: { amount: `${1 + Math.floor(random() * 29)}.00` } });
      }
      await rounds(() => refundOps);
      // The first round of each phase always has a kill; a later one only if enough is left.
      expect(kills).toBeGreaterThanOrEqual(2);

      for (const op of paymentOps) {
        const answer = op.answer as Exclude<Answer, 'no answer'>;
        expect(answer.status, op.key).toBe(201);
        const stored = await paymentsWithOrder(op.key);
        expect(stored.map((p) => p.id), op.key).toEqual([answer.body.id]);
      }
      const refundIds = new Set<string>();
      for (const op of refundOps) {
        const answer = op.answer as Exclude<Answer, 'no answer'>;
        expect(answer.status, `${op.key}: ${answer.text}`).toBe(201);
        refundIds.add(answer.body.id);
      }
      const paymentIds = refundOps.map((op) => op.route.split('/')[2]);
      const storedRefunds = await db.select().from(refunds).where(inArray(refunds.paymentId, paymentIds));
      expect(new Set(storedRefunds.map((x) => x.id))).toEqual(refundIds);
      expect(await verifyLedger(db, merchantId)).toEqual([]);
    }, 240_000);
  }
});
