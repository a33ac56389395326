import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiRoutes, type ApiRouteEntry } from '@/lib/http/api-routes';
import { allowedMethods } from '@/lib/http/check-api-route';
import { errorCodes } from '@/lib/http/errors';
import { MAX_JSON_DEPTH } from '@/lib/http/parse';
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { cardPayment, newMerchant, suiteDb } from './api-client';
import { rawRequest } from './raw-request';

// Replay a failure with TILLPOINT_FUZZ_SEED=<the seed fast-check printed>.
const SEED = Number(process.env.TILLPOINT_FUZZ_SEED ?? 20261201);
const RUNS = 1200;

type Sent = { method: string; path: string; headers?: Record<string, string>; body?: string };
type Answer = { status: number; headers: Headers; text: string };

let baseUrl: string;
let secretKey: string;
let paymentId: string;
let merchantId: string;

async function send({ method, path, headers = {}, body }: Sent, auth = true): Promise<Answer> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${secretKey}` } : {}), ...headers },
    body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A refusal: a 4xx in the standard shape, its code from the errors table with that code's type and status. */
function expectRefusal(answer: Answer, sent: Sent): { code: string; param?: string } {
  const what = `${sent.method} ${sent.path} → ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, what).toBeGreaterThanOrEqual(400);
  expect(answer.status, what).toBeLessThan(500);
  expect(answer.headers.get('content-type'), what).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text);
  expect(Object.keys(body), what).toEqual(['error']);
  const { type, code, message, param, request_id, ...rest } = body.error;
  expect(rest, what).toEqual({});
  expect(errorCodes[code as keyof typeof errorCodes], what).toEqual([type, answer.status]);
  expect(typeof message === 'string' && message.length > 0, what).toBe(true);
  expect(param === undefined || typeof param === 'string', what).toBe(true);
  expect(request_id, what).toMatch(/^req_/);
  expect(answer.headers.get('request-id'), what).toBe(request_id);
  return { code, param };
}

/** Everything a merchant's requests could create or change, read through the API. */
async function merchantState(): Promise<string> {
  const lists = ['/payments?limit=100', '/events?limit=100', '/api_keys', '/webhook_endpoints', '/risk/lists', '/risk/rules',
    '/payouts', '/reconciliation/runs', '/fee_settings', '/risk/settings', '/alert_rules', `/payments/${paymentId}`, `/payments/${paymentId}/refunds`];
  const bodies = await Promise.all(lists.map(async (path) => {
    const answer = await send({ method: 'GET', path: `/api/v1${path}` });
    expect(answer.status, path).toBe(200);
    // A key's last use is bumped by the fuzzing itself (to the minute): not a state change.
    return `${path} ${answer.text.replace(/"last_used":("[^"]*"|null)/g, '')}`;
  }));
  // The team is only readable by a signed-in owner, never with a key: read it from the database.
  const team = await suiteDb().select().from(users).where(eq(users.merchantId, merchantId)).orderBy(users.id);
  return [...bodies, `team ${JSON.stringify(team)}`].join('\n');
}

// --- the route table, with each dynamic segment filled in ---------------------------------

const WRITES = ['POST', 'PATCH', 'DELETE'];
// The native API's routes: the Stripe-compatible /v1 answers in Stripe's shape (tests/stripe-*.test.ts).
const nativeRoutes = apiRoutes.filter((r) => !r.path.startsWith('/v1/'));
const writeRoutes = nativeRoutes.filter((r) => r.methods.some((m) => WRITES.includes(m)))
  // Sign-out takes no input and changes nothing on the server: it always answers 200.
  .filter((r) => r.path !== '/api/auth/logout');
const dynamicRoutes = nativeRoutes.filter((r) => r.path.includes('['));

// Never `.` or `..`: fetch would resolve them away and change the route.
const fakeId = fc.oneof(
  fc.constantFrom('pay_0000000000000000', 'x', '0', 'null', '%2F', '%00'),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent).filter((s) => s !== '.' && s !== '..'),
);

/** Fills the route's dynamic segments: sometimes the real payment (for payment routes), else ids that do not exist. */
function concretePath(route: ApiRouteEntry, realPayment: boolean) {
  return fc.array(fakeId, { minLength: 4, maxLength: 4 }).map((ids) => {
    let n = 0;
    return route.path.replace(/\[(\w+)\]/g, () => (realPayment && route.path.startsWith('/api/v1/payments/') ? paymentId : ids[n++]));
  });
}

// --- malformed bodies: each one carries at least one defect every route must refuse --------

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const SLOT = 'FUZZ_FORBIDDEN_KEY';

const nested = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);
const tooDeep = fc
  .record({
    depth: fc.oneof(fc.constant(MAX_JSON_DEPTH + 1), fc.integer({ min: MAX_JSON_DEPTH + 1, max: 10_000 })),
    shape: fc.constantFrom<[string, string]>(['[', ']'], ['{"a":', '}'], ['[{"k":', '}]']),
    at: fc.constantFrom('top', 'metadata', 'payment_details'),
  })
  .map(({ depth, shape: [open, close], at }) => {
    const deep = nested(at === 'top' ? depth : depth - 1, open, close);
    return at === 'top' ? deep : JSON.stringify({ ...cardPayment(), [at]: SLOT }).replace(`"${SLOT}"`, deep);
  });

/** A body (for /payments: a valid payment) with a prototype key somewhere in it. */
const protoKey = (route: ApiRouteEntry) =>
  fc
    .record({
      key: fc.constantFrom(...FORBIDDEN_KEYS),
      value: fc.constantFrom('{"isAdmin":true}', '"x"', '1', 'null', '[]'),
      at: fc.constantFrom('top', 'metadata', 'payment_details', 'deeper'),
    })
    .map(({ key, value, at }) => {
      const base: Record<string, unknown> = route.path === '/api/v1/payments' ? cardPayment({ metadata: { order: '7' } }) : {};
      if (at === 'top') base[SLOT] = 0;
      else if (at === 'deeper') base.metadata = { a: { b: [{ [SLOT]: 0 }] } };
      else base[at] = { ...(base[at] as object), [SLOT]: 0 };
      return JSON.stringify(base).replace(`"${SLOT}":0`, `"${key}":${value}`);
    });

const invalidJson = fc.oneof(
  fc.constantFrom('{', '{"amount":}', "{'amount':'1.00'}", '[1,]', '{"a":1}}', 'NaN', 'undefined', '{"a":1,}', '"unterminated', '\u0000', '{"a":"\\x"}'),
  fc.string({ minLength: 1, maxLength: 200 }).filter((s) => {
    if (s.trim() === '') return false;
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
);

/** JSON that parses but is not an object, or an object with a key no route knows. */
const wrongShape = fc.oneof(
  fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string(), fc.array(fc.jsonValue({ maxDepth: 3 }))).map((v) => JSON.stringify(v)),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 })
    .map((d) => JSON.stringify({ ...d, [`x_fuzz_unknown`]: true })),
);

// Amounts and card fields no currency or card accepts: huge, negative, zero, too precise, wrong
// type. In a route's own body (a valid payment, refund, capture, payout otherwise); elsewhere
// beside an unknown key.
const badValues = ['1e30', '99999999999999999999999999', '-1', '0', '0.00', '1.001', 'NaN', 'Infinity', '', ' 1', '0x10', '１２', 1e308, 12, -0, null, true, [], {}];
const badNumbersInText = ['1e999999', '-1e999999', '123456789012345678901234567890', '-0', '1.7976931348623157e309'];
const moneyBodies: Record<string, (v: string) => string> = {
  '/api/v1/payments': (v) => JSON.stringify(cardPayment({ amount: SLOT })).replace(`"${SLOT}"`, v),
  '/api/v1/payments/[id]/refunds': (v) => `{"amount":${v},"reason":"requested_by_customer"}`,
  '/api/v1/payments/[id]/capture': (v) => `{"amount":${v}}`,
  '/api/v1/payouts': (v) => `{"amount":${v},"currency":"usd"}`,
};
const badCardField = fc
  .record({
    field: fc.constantFrom('exp_month', 'exp_year', 'cvc', 'number'),
    value: fc.constantFrom(...badNumbersInText, '13', '0', '-1', '1.5', '"1e1"', '"abc"', 'null', '[]', '{}', '"99999"'),
  })
  .map(({ field, value }) => JSON.stringify(cardPayment({ payment_details: { ...cardPayment().payment_details, [field]: SLOT } })).replace(`"${SLOT}"`, value));
const badAmounts = (route: ApiRouteEntry) => {
  const template = moneyBodies[route.path];
  const bad = fc.constantFrom(...badValues.map((v) => JSON.stringify(v)), ...badNumbersInText);
  if (!template) return fc.constantFrom(...badNumbersInText).map((n) => `{"amount":${n},"x_fuzz_unknown":${n}}`);
  return route.path === '/api/v1/payments' ? fc.oneof(bad.map(template), badCardField) : bad.map(template);
};

const jsonType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'text/csv', '', 'application/xml');
const notJsonAtAll = fc.oneof(
  fc.constant({ type: 'application/x-www-form-urlencoded', body: 'amount=25.00&currency=usd&method=credit_card' }),
  fc.constant({ type: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="amount"\r\n\r\n25.00\r\n--x--\r\n' }),
  fc.constant({ type: 'multipart/form-data', body: 'no boundary' }),
  fc.constant({ type: 'application/xml', body: '<payment><amount>25.00</amount></payment>' }),
);

type Case = { route: string; sent: Sent };

const moneyRoutes = writeRoutes.filter((r) => r.path in moneyBodies);

/** A POST, PATCH or DELETE with a malformed body, sometimes with an Idempotency-Key. */
const malformedBody: fc.Arbitrary<Case> = fc
  // Half the time a route that moves money, so amounts and card fields get their share.
  .oneof(fc.constantFrom(...writeRoutes), fc.constantFrom(...moneyRoutes))
  .chain((route) =>
    fc.record({
      route: fc.constant(route),
      // A DELETE does not read its body; with an id that does not exist it must still be a 404.
      method: fc.constantFrom(...route.methods.filter((m) => WRITES.includes(m))),
      path: fc.boolean().chain((real) => concretePath(route, real)),
      payload: fc.oneof(
        { weight: 6, arbitrary: fc.record({ type: jsonType, body: fc.oneof(tooDeep, protoKey(route), invalidJson, wrongShape, badAmounts(route)) }) },
        { weight: 1, arbitrary: notJsonAtAll },
      ),
      key: fc.option(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 300 }).filter((s) => /^[\x20-\x7e]+$/.test(s))), { nil: undefined }),
    }),
  )
  .map(({ route, method, path, payload, key }) => ({
    route: route.path,
    sent: {
      method,
      path,
      body: payload.body,
      headers: { ...(payload.type ? { 'content-type': payload.type } : {}), ...(key ? { 'idempotency-key': key } : {}) },
    },
  }));

const BAD_ESCAPES = ['%zz', '%c0%af', '%', '%E0%A4%A', '%ff', '%%', '%u0041', '%F0%9F%98', '%80', '%c0%80', '%ED%A0%80'];

/**
 * A path segment replaced by percent-encoding that does not decode: a dynamic one (then the
 * answer is 400 naming it) or a static one (then no route has that path, or a dynamic route
 * at that place names its parameter).
 */
const undecodablePath: fc.Arbitrary<Case & { param: string | null }> = fc
  .record({
    route: fc.constantFrom(...dynamicRoutes),
    escape: fc.constantFrom(...BAD_ESCAPES),
    prefix: fc.constantFrom('', 'pay_', 'abc'),
    inStatic: fc.boolean(),
    real: fc.boolean(),
  })
  .chain(({ route, escape, prefix, inStatic, real }) =>
    concretePath(route, real).chain((path) =>
      fc.constantFrom(...route.methods).map((method) => {
        const segments = route.path.split('/');
        const dynamic = segments.findIndex((s) => s.startsWith('['));
        const at = inStatic ? dynamic - 1 : dynamic;
        const given = path.split('/');
        given[at] = prefix + escape;
        const param = inStatic ? null : segments[at].slice(1, -1);
        return { route: route.path, sent: { method, path: given.join('/'), body: method === 'GET' ? undefined : '{}' }, param };
      }),
    ),
  );

const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 300 });

/** Garbage where the credentials go: the session cookie or the Authorization header. */
const garbageCredentials: fc.Arbitrary<Case> = fc
  .record({
    route: fc.constantFrom(...writeRoutes.filter((r) => r.path.startsWith('/api/v1/'))),
    real: fc.boolean(),
    cookie: fc.option(fc.oneof(
      latin1.map((v) => `tp_session=${v}`),
      fc.constantFrom('tp_session=%zz', 'tp_session=%c0%af', 'tp_session=eyJhbGciOiJub25lIn0.e30.', 'tp_session', '=; ;=;', 'tp_session=a=b=c; tp_csrf=%'),
    ), { nil: undefined }),
    authorization: fc.option(fc.oneof(latin1, latin1.map((v) => `Bearer ${v}`), fc.constantFrom('Bearer', 'Bearer  ', 'Basic Og==', 'Bearer sk_test_%zz', `Bearer ${'a'.repeat(4000)}`)), { nil: undefined }),
    csrf: fc.option(latin1, { nil: undefined }),
  })
  .filter(({ cookie, authorization }) => cookie !== undefined || authorization !== undefined)
  .chain(({ route, real, cookie, authorization, csrf }) =>
    concretePath(route, real).map((path) => ({
      route: route.path,
      sent: {
        method: route.methods.find((m) => WRITES.includes(m))!,
        path,
        body: JSON.stringify(cardPayment()),
        headers: {
          'content-type': 'application/json',
          ...(cookie !== undefined ? { cookie } : {}),
          ...(authorization !== undefined ? { authorization } : {}),
          ...(csrf !== undefined ? { 'x-csrf-token': csrf } : {}),
        },
      },
    })),
  );

const fillIds = (path: string) => path.replace(/\[(\w+)\]/g, 'pay_0000000000000000');

beforeAll(async () => {
  baseUrl = inject('baseUrl');
  const merchant = await newMerchant('Fuzzed merchant');
  secretKey = merchant.secretKey;
  merchantId = merchant.merchantId;
  const payment = await merchant.api.post('/payments', cardPayment());
  expect(payment.status).toBe(201);
  paymentId = payment.body.id;
});

describe('malformed requests (issue 11: no 5xx, always the standard error shape)', () => {
  it(`refuses a 10,000-deep body with or without an Idempotency-Key before anything recursive runs`, async () => {
    for (const headers of [{}, { 'idempotency-key': 'deep-1' }] as Record<string, string>[]) {
      const sent = { method: 'POST', path: '/api/v1/payments', headers: { 'content-type': 'application/json', ...headers }, body: nested(10_000, '[', ']') };
      expect(expectRefusal(await send(sent), sent).code).toBe('json_too_deep');
    }
    const deepest = { method: 'POST', path: '/api/v1/payments', body: JSON.stringify(cardPayment({ metadata: SLOT })).replace(`"${SLOT}"`, nested(MAX_JSON_DEPTH - 1, '{"a":', '}', '"x"')) };
    // 32 levels are still JSON we read (refused here only because metadata values must be strings).
    expect(expectRefusal(await send(deepest), deepest).code).toBe('parameter_invalid');
  });

  it('refuses __proto__, constructor and prototype keys in metadata and payment_details, naming the parameter', async () => {
    for (const [at, key] of [['metadata', '__proto__'], ['metadata', 'constructor'], ['payment_details', '__proto__'], ['payment_details', 'prototype']]) {
      const body = JSON.stringify(cardPayment({ [at]: { ...(at === 'payment_details' ? cardPayment().payment_details : { order: '1' }), [SLOT]: 0 } }))
        .replace(`"${SLOT}":0`, `"${key}":{"polluted":"yes"}`);
      const sent = { method: 'POST', path: '/api/v1/payments', body };
      expect(expectRefusal(await send(sent), sent)).toEqual({ code: 'parameter_invalid', param: `${at}.${key}` });
    }
  });

  it('answers paths that are not valid percent-encoding with a 400 naming the parameter, or a 404', async () => {
    for (const path of ['/api/v1/payments/%zz', '/api/v1/payments/%c0%af', '/api/v1/payments/%zz/refunds']) {
      const sent = { method: 'GET', path };
      expect(expectRefusal(await send(sent), sent)).toEqual({ code: 'parameter_invalid', param: 'id' });
    }
    const unknown = { method: 'GET', path: '/api/v1/pay%zzments' };
    expect(expectRefusal(await send(unknown), unknown).code).toBe('route_missing');
  });

  it('answers every method a route does not have with 405 method_not_allowed and an Allow header', async () => {
    let checked = 0;
    // The routes behind proxy.ts's matcher (health and metrics are left out there).
    for (const route of apiRoutes.filter((r) => /^\/api\/(v1|auth)\//.test(r.path))) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !route.methods.includes(m))) {
        const sent = { method, path: fillIds(route.path), body: method === 'GET' ? undefined : JSON.stringify(cardPayment()) };
        const answer = await send(sent);
        expect(expectRefusal(answer, sent).code).toBe('method_not_allowed');
        expect(answer.headers.get('allow')).toBe(allowedMethods(route).join(', '));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it("answers TRACE, which Next.js cannot route, with a route's 405 and Allow, an unknown path's 404", async () => {
    const authorization = `Bearer ${secretKey}`;
    // Every API route, the probes outside the proxy included.
    for (const route of apiRoutes.filter((r) => r.path.startsWith('/api/'))) {
      const sent = { method: 'TRACE', path: fillIds(route.path) };
      const answer = await rawRequest(baseUrl, 'TRACE', sent.path, { authorization });
      expect(expectRefusal(answer, sent).code).toBe('method_not_allowed');
      expect(answer.headers.get('allow')).toBe(allowedMethods(route).join(', '));
    }
    const unknown = { method: 'TRACE', path: '/api/v1/nothing' };
    expect(expectRefusal(await rawRequest(baseUrl, 'TRACE', unknown.path, { authorization }), unknown).code).toBe('route_missing');
    // A page: no error shape to keep, but not a 500 either.
    const page = await rawRequest(baseUrl, 'TRACE', '/login');
    expect([page.status, page.headers.get('allow'), page.headers.get('content-type')]).toEqual([405, 'GET, HEAD', 'text/plain; charset=utf-8']);
  });

  it('answers a trailing or doubled slash on the API with 404 route_missing, never a redirect, changing nothing; pages still redirect', async () => {
    const before = await merchantState();
    const paths = ['/api/v1/payments/', `/api/v1/payments/${paymentId}/`, '/api/v1//payments', `/api/v1/payments//refunds`, '/api/v1/', '/api/health/', '/api/auth/login/'];
    for (const path of paths) {
      for (const method of ['GET', 'POST']) {
        const sent = { method, path, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? JSON.stringify(cardPayment()) : undefined };
        const answer = await send(sent);
        expect(expectRefusal(answer, sent).code, `${method} ${path}`).toBe('route_missing');
      }
    }
    const backslash = { method: 'GET', path: '/api/v1\\payments' };
    expect(expectRefusal(await rawRequest(baseUrl, 'GET', backslash.path, { authorization: `Bearer ${secretKey}` }), backslash).code).toBe('route_missing');
    expect(await merchantState()).toBe(before);
    for (const [path, location] of [['/login/', '/login'], ['/overview/?tab=1', '/overview?tab=1'], ['//login', '/login']]) {
      const res = await fetch(baseUrl + path, { redirect: 'manual' });
      expect([res.status, res.headers.get('location')], path).toEqual([308, location]);
    }
  });

  it('answers garbage session cookies and Authorization headers with 401', async () => {
    const garbage: Record<string, string>[] = [{ cookie: 'tp_session=%zz' }, { cookie: 'tp_session=%c0%af; tp_csrf=%' }, { authorization: 'Bearer %zz' }, { authorization: '\u00ff\u00fe' }];
    for (const headers of garbage) {
      const sent = { method: 'POST', path: '/api/v1/payments', headers, body: JSON.stringify(cardPayment()) };
      const answer = await send(sent, false);
      expectRefusal(answer, sent);
      expect(answer.status).toBe(401);
    }
  });

  it(`fuzz (${RUNS} requests, seed ${SEED}): no 5xx, every refusal in the standard shape, no refused request changes anything`, async () => {
    const before = await merchantState();
    const hits = { body: new Set<string>(), path: new Set<string>(), credentials: new Set<string>() };
    const request = fc.oneof(
      { weight: 6, arbitrary: malformedBody.map((c) => ({ kind: 'body' as const, ...c, param: null })) },
      { weight: 2, arbitrary: undecodablePath.map((c) => ({ kind: 'path' as const, ...c })) },
      { weight: 2, arbitrary: garbageCredentials.map((c) => ({ kind: 'credentials' as const, ...c, param: null })) },
    );
    let sentCount = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ kind, route, sent, param }) => {
        sentCount++;
        hits[kind].add(route);
        const answer = await send(sent, kind !== 'credentials');
        const refusal = expectRefusal(answer, sent);
        if (kind === 'credentials') expect(answer.status).toBe(401);
        if (kind === 'path' && param) expect(refusal).toEqual({ code: 'parameter_invalid', param });
        if (kind === 'path' && !param) expect(['route_missing', 'parameter_invalid']).toContain(refusal.code);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(await merchantState()).toBe(before);
    expect(sentCount).toBe(RUNS);
    // This seed reaches every POST/PATCH/DELETE route and every route with a path parameter.
    expect([...hits.body].sort()).toEqual(writeRoutes.map((r) => r.path).sort());
    expect([...hits.path].sort()).toEqual(dynamicRoutes.map((r) => r.path).sort());
  }, 120_000);
});
