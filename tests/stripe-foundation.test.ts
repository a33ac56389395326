import Stripe from 'stripe';
import { describe, expect, inject, it } from 'vitest';
import { apiRoutes } from '@/lib/http/api-routes';
import { allowedMethods } from '@/lib/http/check-api-route';
import { stripeErrors } from '@/lib/http/stripe/errors';
import { createApiKey } from '@/lib/security/api-keys';
import { suiteDb } from './api-client';
import { rawRequest } from './raw-request';
import { newStripeMerchant, rejection, stripeClient, v1Fetch } from './stripe-client';

describe('Stripe-compatible API: authentication', () => {
  it('refuses a missing or unknown key with StripeAuthenticationError', async () => {
    const unknown = await rejection(stripeClient('sk_test_not_a_key').paymentIntents.list());
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.type).toBe('StripeAuthenticationError');
    expect(unknown.requestId).toMatch(/^req_/);

    const missing = await v1Fetch('/v1/payment_intents');
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ type: 'authentication_error', code: 'api_key_missing' });
  });

  it('accepts the key as curl -u sends it (Basic, key as the user name)', async () => {
    const { secretKey } = await newStripeMerchant();
    const res = await v1Fetch('/v1/payment_intents', { headers: { authorization: `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}` } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', data: [], has_more: false, url: '/v1/payment_intents' });
  });

  it("checks the key's role: a viewer key may read but not charge (StripePermissionError)", async () => {
    const { merchantId, stripe } = await newStripeMerchant();
    const { secret } = await createApiKey(suiteDb(), merchantId, { role: 'viewer' });
    const viewer = stripeClient(secret);
    expect((await viewer.paymentIntents.list()).object).toBe('list');
    const refused = await rejection(viewer.paymentIntents.create({ amount: 1000, currency: 'usd' }));
    expect(refused).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(refused.statusCode).toBe(403);
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
  });
});

describe('Stripe-compatible API: wire format', () => {
  it('answers every request with Request-Id and Stripe-Version headers', async () => {
    const { stripe, secretKey } = await newStripeMerchant();
    const created = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
    expect(created.lastResponse.requestId).toMatch(/^req_/);
    expect(created.lastResponse.headers['stripe-version']).toBe(Stripe.API_VERSION);

    const pinned = await v1Fetch('/v1/payment_intents', { key: secretKey, headers: { 'stripe-version': '2024-06-20' } });
    expect(pinned.headers.get('stripe-version')).toBe('2024-06-20');
    const failed = await v1Fetch('/v1/payment_intents/pi_nope', { key: secretKey });
    expect(failed.status).toBe(404);
    expect(failed.headers.get('request-id')).toBe(failed.body.error.request_id);
    // What Next.js would answer itself (OPTIONS, HEAD, methods and paths outside the subset) too.
    const options = await v1Fetch('/v1/payment_intents/pi_1/confirm', { method: 'OPTIONS', key: secretKey });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('OPTIONS, POST');
    for (const [method, path] of [['OPTIONS', '/v1/subscriptions'], ['HEAD', '/v1/subscriptions'], ['PATCH', '/v1/payment_intents'], ['GET', '/v1/charges/%zz']]) {
      const res = await v1Fetch(path, { method, key: secretKey });
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('request-id'), `${method} ${path}`).toMatch(/^req_/);
      if (method !== 'HEAD') expect(res.body.error.request_id).toBe(res.headers.get('request-id'));
    }
    for (const res of [options, pinned]) expect(res.headers.get('request-id')).toMatch(/^req_/);
  });

  it('reads nested form parameters (metadata[key], payment_method_types[0]) and refuses unknown ones', async () => {
    const { stripe, secretKey } = await newStripeMerchant();
    const created = await stripe.paymentIntents.create({
      amount: 1234,
      currency: 'EUR',
      // Gone from stripe-node 23's types, still sent by older integrations.
      ...({ payment_method_types: ['card'] } as object),
      metadata: { order_id: '6735', note: 'a & b = c' },
      description: 'Order 6735',
    });
    expect(created).toMatchObject({
      object: 'payment_intent',
      amount: 1234,
      currency: 'eur',
      metadata: { order_id: '6735', note: 'a & b = c' },
      payment_method_types: ['card'],
      description: 'Order 6735',
      livemode: false,
    });
    expect(created.created).toBeGreaterThan(1_700_000_000);
    expect(created.created).toBeLessThan(Date.now() / 1000 + 1);

    const unknown = await rejection(stripe.paymentIntents.create({ amount: 100, currency: 'usd', colour: 'red' } as never));
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unknown).toMatchObject({ code: 'parameter_unknown', param: 'colour', statusCode: 400 });

    const notInteger = await rejection(stripe.paymentIntents.create({ amount: '10.50' as never, currency: 'usd' }));
    expect(notInteger).toMatchObject({ type: 'StripeInvalidRequestError', param: 'amount' });

    const json = await v1Fetch('/v1/payment_intents', {
      method: 'POST',
      key: secretKey,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 100, currency: 'usd' }),
    });
    expect(json.status).toBe(400);
    expect(json.body.error).toMatchObject({ type: 'invalid_request_error', code: 'content_type_invalid' });

    const proto = await v1Fetch('/v1/payment_intents', {
      method: 'POST',
      key: secretKey,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'amount=100&currency=usd&metadata[__proto__][x]=1',
    });
    expect(proto.status).toBe(400);
    expect(proto.body.error.code).toBe('parameter_invalid');
    const deep = await v1Fetch('/v1/payment_intents', {
      method: 'POST',
      key: secretKey,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'amount=100&currency=usd&metadata[a][b][c][d][e][f]=1',
    });
    expect(deep.status).toBe(400);
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
  });

  it('answers unsupported endpoints and methods in Stripe\'s shape, never HTML', async () => {
    const { stripe, secretKey } = await newStripeMerchant();
    const unsupported = await rejection(stripe.subscriptions.list());
    expect(unsupported).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unsupported.statusCode).toBe(404);
    expect(unsupported.code).toBe('resource_missing');
    expect(unsupported.message).toContain('does not support');
    // Search is outside the subset too (not a customer, PaymentIntent or charge named `search`).
    for (const search of [stripe.customers.search({ query: "email:'a@example.com'" }), stripe.paymentIntents.search({ query: "status:'succeeded'" }), stripe.charges.search({ query: "amount>100" })]) {
      const refused = await rejection(search);
      expect(refused).toMatchObject({ statusCode: 404, code: 'resource_missing' });
      expect(refused.message).toContain('does not support');
    }
    // An expansion Tillpoint cannot make is refused, not answered as an id, and creates nothing.
    const expandCustomer = await rejection(stripe.paymentIntents.create({ amount: 500, currency: 'usd', expand: ['customer'] }));
    expect(expandCustomer).toMatchObject({ statusCode: 400, param: 'expand' });
    expect(expandCustomer.message).toContain('latest_charge');
    expect(await rejection(stripe.charges.list({ expand: ['data.customer'] }))).toMatchObject({ statusCode: 400, param: 'expand' });
    expect((await stripe.paymentIntents.list()).data).toEqual([]);

    for (const [method, path, status] of [
      ['POST', '/v1/subscriptions', 404],
      ['GET', '/v1', 404],
      ['GET', '/v1/payment_intents/pi_1/nothing/here', 404],
      ['DELETE', '/v1/payment_intents', 404],
      ['PUT', '/v1/charges/ch_1', 404],
      ['GET', '/v1/charges/%zz', 400],
    ] as const) {
      const res = await v1Fetch(path, { method, key: secretKey });
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error' });
    }
    const wrongMethod = await v1Fetch('/v1/payment_intents', { method: 'DELETE', key: secretKey });
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST');
  });
});

describe('Stripe-compatible API: what Next.js would answer before routing', () => {
  /** Stripe's error shape with the Request-Id header, never Next.js's redirect or plain-text 500. */
  function expectStripeShape(res: { status: number; headers: Headers; body: any; text: string }, status: number, code: string, what: string) {
    expect(res.status, `${what}: ${res.text}`).toBe(status);
    expect(res.headers.get('content-type'), what).toContain('application/json');
    expect(res.body.error, what).toMatchObject({ type: 'invalid_request_error', code });
    expect(res.headers.get('request-id'), what).toMatch(/^req_/);
    expect(res.body.error.request_id, what).toBe(res.headers.get('request-id'));
    expect(res.headers.get('stripe-version'), what).toBe(Stripe.API_VERSION);
  }

  it('answers a trailing or doubled slash with a 404 "Unrecognized request URL", as api.stripe.com does, never a redirect', async () => {
    const { stripe, secretKey } = await newStripeMerchant();
    // What stripe-node sends for an empty id: GET /v1/customers/ and POST /v1/payment_intents//confirm.
    const emptyId = await rejection(stripe.customers.retrieve(''));
    expect(emptyId).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(emptyId.statusCode).toBe(404);
    expect(emptyId.message).toContain('Unrecognized request URL (GET: /v1/customers/)');
    expect(emptyId.requestId).toMatch(/^req_/);
    const emptyConfirm = await rejection(stripe.paymentIntents.confirm(''));
    expect(emptyConfirm).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(emptyConfirm.message).toContain('(POST: /v1/payment_intents//confirm)');

    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const [method, path] of [['GET', '/v1/customers/'], ['POST', '/v1/customers/'], ['GET', '/v1/'], ['GET', '/v1//customers'], ['DELETE', '/v1/customers/cus_1/'], ['GET', '/v1/subscriptions/'], ['HEAD', '/v1/customers/']]) {
      const res = await v1Fetch(path, { method, key: secretKey, redirect: 'manual', ...(method === 'POST' ? { headers: form, body: 'email=a@example.com' } : {}) });
      if (method === 'HEAD') {
        expect(res.status, path).toBe(404);
        expect(res.headers.get('request-id'), path).toMatch(/^req_/);
      } else expectStripeShape(res, 404, 'resource_missing', `${method} ${path}`);
    }
    expectStripeShape(await rawRequest(inject('baseUrl'), 'GET', '/v1\\customers', { authorization: `Bearer ${secretKey}` }), 404, 'resource_missing', 'GET /v1\\customers');
    // POST /v1/customers/ created nothing.
    expect((await stripe.customers.list()).data).toEqual([]);
  });

  it("answers TRACE, which Next.js cannot route, with 405 and the route's Allow, as Stripe's edge does", async () => {
    const { secretKey } = await newStripeMerchant();
    const authorization = `Bearer ${secretKey}`;
    for (const route of apiRoutes.filter((r) => r.path.startsWith('/v1/'))) {
      const path = route.path.replace(/\[(\w+)\]/g, 'pi_0000000000000000');
      const res = await rawRequest(inject('baseUrl'), 'TRACE', path, { authorization });
      expectStripeShape(res, 405, 'method_not_allowed', `TRACE ${route.path}`);
      expect(res.headers.get('allow')).toBe(allowedMethods(route).join(', '));
    }
    // A path outside the subset is unknown whatever the method.
    expectStripeShape(await rawRequest(inject('baseUrl'), 'TRACE', '/v1/subscriptions', { authorization }), 404, 'resource_missing', 'TRACE /v1/subscriptions');
    expectStripeShape(await rawRequest(inject('baseUrl'), 'TRACE', '/v1/customers/', { authorization }), 404, 'resource_missing', 'TRACE /v1/customers/');
  });
});

describe('Stripe-compatible API: every route', () => {
  const v1Routes = apiRoutes.filter((r) => r.path.startsWith('/v1/'));
  const fill = (path: string) => path.replace(/\[(\w+)\]/g, 'pi_0000000000000000');

  /** A refusal in Stripe's shape, its type and status those of its code in the Stripe table. */
  function expectStripeRefusal(res: Awaited<ReturnType<typeof v1Fetch>>, what: string) {
    expect(res.status, what).toBeGreaterThanOrEqual(400);
    expect(res.status, what).toBeLessThan(500);
    const { type, code, message, request_id } = res.body.error;
    const row = Object.entries(stripeErrors).find(([domain, [t, status, stripeCode]]) => t === type && status === res.status && (stripeCode ?? domain) === code);
    expect(row, `${what}: ${res.text}`).toBeDefined();
    expect(message.length, what).toBeGreaterThan(0);
    expect(res.headers.get('request-id'), what).toBe(request_id);
  }

  it('answers each method a /v1 route lacks with a Stripe 404 and an Allow header', async () => {
    const { secretKey } = await newStripeMerchant();
    let checked = 0;
    for (const route of v1Routes) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !route.methods.includes(m))) {
        const res = await v1Fetch(fill(route.path), { method, key: secretKey });
        expectStripeRefusal(res, `${method} ${route.path}`);
        expect(res.body.error.code).toBe('resource_missing');
        expect(res.headers.get('allow')).toContain(route.methods[0]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('refuses garbage parameters on every /v1 route with a 4xx in Stripe\'s shape, creating nothing', async () => {
    const { stripe, secretKey } = await newStripeMerchant();
    const garbage = ['amount=-1&currency=usd', 'amount=abc', 'limit=1000', 'limit=0', 'metadata=x&metadata[a]=1', 'nope=1', 'amount[]=1&currency=zzz', 'expand=1&expand[a]=2', '%zz=1'];
    for (const route of v1Routes) {
      for (const method of route.methods) {
        for (const params of garbage) {
          const res = method === 'GET'
            ? await v1Fetch(`${fill(route.path)}?${params}`, { key: secretKey })
            : await v1Fetch(fill(route.path), { method, key: secretKey, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params });
          expectStripeRefusal(res, `${method} ${route.path} ${params}`);
        }
      }
    }
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
    expect((await stripe.charges.list()).data).toEqual([]);
    expect((await stripe.refunds.list()).data).toEqual([]);
  });
});

describe('Stripe-compatible API: idempotency', () => {
  it('replays the same key with the same parameters and refuses it with others (StripeIdempotencyError)', async () => {
    const { stripe } = await newStripeMerchant();
    const key = `order-${Math.random()}`;
    const first = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: key });
    const again = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);

    const other = await rejection(stripe.paymentIntents.create({ amount: 3000, currency: 'usd' }, { idempotencyKey: key }));
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(other.statusCode).toBe(400);
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
  });

  it('replays a declined confirmation as the same 402', async () => {
    const { stripe } = await newStripeMerchant();
    const key = `declined-${Math.random()}`;
    const params = { amount: 700, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true };
    const first = await rejection(stripe.paymentIntents.create(params, { idempotencyKey: key }));
    const again = await rejection(stripe.paymentIntents.create(params, { idempotencyKey: key }));
    expect(again).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(again.payment_intent.id).toBe(first.payment_intent.id);
    expect((await stripe.charges.list()).data).toHaveLength(1);
  });
});
