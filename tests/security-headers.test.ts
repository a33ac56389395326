import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '@/db/client';
import { migratedDatabaseIn } from './test-db';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { TEST_ENV } from './global-setup';
import { startServer, type RunningServer } from './server';
import { newMerchant, signInAs } from './api-client';
import { rawRequest } from './raw-request';

const PASSWORD = 'correct horse battery staple';
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";
const HSTS = 'max-age=63072000; includeSubDomains';
let counter = 0;

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: 'manual' });

function login(baseUrl: string, email: string, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
}

async function ownerIn(db: Db) {
  const email = `owner-${Date.now().toString(36)}-${counter++}@headers.test`;
  await createMerchant(db, { name: 'Headers shop', owner: { email, password: PASSWORD } });
  return email;
}

function expectFixedHeaders(res: { headers: Headers }) {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
}

function expectApiHeaders(res: { headers: Headers }) {
  expectFixedHeaders(res);
  // Exactly one policy: a second one would show up here joined with a comma.
  expect(res.headers.get('content-security-policy')).toBe(API_POLICY);
}

/**
 * A page's policy and its nonce: scripts only with this nonce (and what they load), nothing
 * inline without it, and the framing, plugin, base and form limits. Every <script> in the HTML
 * carries the nonce, or the browser would refuse to run it.
 */
async function expectPagePolicy(res: Response): Promise<string> {
  expectFixedHeaders(res);
  const policy = res.headers.get('content-security-policy') ?? '';
  const directives = new Map(policy.split(';').map((d) => { const [name, ...values] = d.trim().split(/\s+/); return [name, values]; }));
  const script = directives.get('script-src') ?? [];
  const nonce = script.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
  expect(nonce, policy).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(script).toContain("'strict-dynamic'");
  expect(script).not.toContain("'unsafe-inline'");
  expect(script).not.toContain("'unsafe-eval'");
  expect(directives.get('style-src-elem')).toEqual(["'self'", `'nonce-${nonce}'`]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  expect(directives.get('base-uri')).toEqual(["'self'"]);
  expect(directives.get('form-action')).toEqual(["'self'"]);
  expect(directives.get('default-src')).toEqual(["'self'"]);
  const html = await res.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  return nonce!;
}

describe('security headers on the shared server', () => {
  const baseUrl = () => inject('baseUrl');

  it('API answers carry the fixed headers and a CSP that allows nothing', async () => {
    const { secretKey } = await newMerchant('Headers API');
    const answers = [
      await get(`${baseUrl()}/api/v1/payments`, { authorization: `Bearer ${secretKey}` }),
      await get(`${baseUrl()}/api/v1/payments`), // 401 from the route wrapper
      await fetch(`${baseUrl()}/api/v1/payments`, { method: 'PUT' }), // 405 from the proxy
      await get(`${baseUrl()}/api/v1/no_such_thing`), // 404 from the catch-all route
      await get(`${baseUrl()}/api/health`), // outside the proxy
      await get(`${baseUrl()}/api/health/ready`),
      await get(`${baseUrl()}/api/metrics`),
      await fetch(`${baseUrl()}/api/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json' } }),
      // Answered before Next.js routes them (lib/http/early-answers.ts).
      await get(`${baseUrl()}/api/v1/payments/`),
      await get(`${baseUrl()}/v1/customers/`),
      await rawRequest(baseUrl(), 'TRACE', '/api/v1/payments'),
      await rawRequest(baseUrl(), 'TRACE', '/v1/customers'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 405, 404, 200, 200, 200, 200, 404, 404, 405, 405]);
    for (const res of answers) expectApiHeaders(res);
  });

  it('the login page has a nonce-based CSP, a fresh nonce per request, on every script Next.js emits', async () => {
    const first = await expectPagePolicy(await get(`${baseUrl()}/login`));
    const second = await expectPagePolicy(await get(`${baseUrl()}/login`));
    expect(second).not.toBe(first);
  });

  it('error pages (404, and a path that does not decode) and redirects carry the page headers', async () => {
    const missing = await get(`${baseUrl()}/no/such/page`);
    expect(missing.status).toBe(404);
    await expectPagePolicy(missing);

    const undecodable = await get(`${baseUrl()}/payments/%zz`);
    expect(undecodable.status).toBe(400);
    expectFixedHeaders(undecodable);
    expect(undecodable.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const signedOut = await get(`${baseUrl()}/overview`);
    expect(signedOut.status).toBe(307);
    expectFixedHeaders(signedOut);
    expect(signedOut.headers.get('content-security-policy')).toContain("script-src 'self' 'nonce-");
  });

  it('a signed-in dashboard page has the nonce on its scripts', async () => {
    const db = openDatabase(inject('databaseUrl'));
    const email = await ownerIn(db);
    await closeDatabase(db);
    const owner = await signInAs(email, PASSWORD);
    const res = await get(`${baseUrl()}/overview`, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    await expectPagePolicy(res);
  });

  it('static files say nosniff', async () => {
    const html = await (await get(`${baseUrl()}/login`)).text();
    const script = html.match(/<script src="(\/_next\/static\/[^"]+\.js)"/)![1];
    const stylesheet = html.match(/<link rel="stylesheet" href="(\/_next\/static\/[^"]+\.css)"/)![1];
    for (const asset of [script, stylesheet]) {
      const res = await get(`${baseUrl()}${asset}`);
      expect(res.status).toBe(200);
      expectFixedHeaders(res);
    }
  });

  it('over plain http: no HSTS and no Secure cookies; a trusted proxy saying https turns both on', async () => {
    // The shared server trusts 127.0.0.1 as a proxy (TEST_ENV) and has no TILLPOINT_PUBLIC_URL.
    const db = openDatabase(inject('databaseUrl'));
    const email = await ownerIn(db);
    await closeDatabase(db);

    const plain = await login(baseUrl(), email);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    expect(plain.headers.getSetCookie()).toHaveLength(2);
    for (const cookie of plain.headers.getSetCookie()) expect(cookie).not.toMatch(/;\s*Secure/i);
    expect((await get(`${baseUrl()}/login`)).headers.get('strict-transport-security')).toBeNull();

    const viaTls = await login(baseUrl(), email, { 'x-forwarded-proto': 'https' });
    expect(viaTls.status).toBe(200);
    expect(viaTls.headers.get('strict-transport-security')).toBe(HSTS);
    for (const cookie of viaTls.headers.getSetCookie()) expect(cookie).toMatch(/; Secure$/);
    for (const url of ['/login', '/api/health', '/api/metrics', '/no/such/page']) {
      expect((await get(`${baseUrl()}${url}`, { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security'), url).toBe(HSTS);
    }
  });
});

/** A server of its own, for settings the shared one must not have. */
async function dedicatedServer(env: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-headers-'));
  const databaseUrl = await migratedDatabaseIn(dir, 'security_headers');
  const db = openDatabase(databaseUrl);
  const server: RunningServer = await startServer({ ...TEST_ENV, DATABASE_URL: databaseUrl, ...env }, path.join(dir, 'server.log'));
  const close = async () => {
    await server.stop();
    await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, baseUrl: server.baseUrl, close };
}

describe('https from configuration, and from proxies that are not trusted', () => {
  let publicHttps: Awaited<ReturnType<typeof dedicatedServer>>;
  let untrusted: Awaited<ReturnType<typeof dedicatedServer>>;

  beforeAll(async () => {
    [publicHttps, untrusted] = await Promise.all([
      dedicatedServer({ TILLPOINT_PUBLIC_URL: 'https://pay.example.test', TILLPOINT_TRUST_PROXY: '' }),
      // A proxy list that does not include the test's own address (127.0.0.1).
      dedicatedServer({ TILLPOINT_TRUST_PROXY: '10.0.0.0/8' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([publicHttps?.close(), untrusted?.close()]);
  });

  it('TILLPOINT_PUBLIC_URL=https: HSTS on every answer and Secure session and CSRF cookies', async () => {
    const email = await ownerIn(publicHttps.db);
    const res = await login(publicHttps.baseUrl, email);
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBe(HSTS);
    const cookies = res.headers.getSetCookie();
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['tp_session', 'tp_csrf']);
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure$/);

    const session = cookies.map((c) => c.split(';')[0]).join('; ');
    const csrf = cookies[1].split(';')[0].slice('tp_csrf='.length);
    const logout = await fetch(`${publicHttps.baseUrl}/api/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session, 'x-csrf-token': csrf },
    });
    expect(logout.status).toBe(200);
    for (const cookie of logout.headers.getSetCookie()) expect(cookie).toMatch(/Max-Age=0; Secure$/);

    for (const url of ['/login', '/api/health', '/api/metrics', '/api/v1/payments', '/no/such/page', '/v1/customers/']) {
      expect((await get(`${publicHttps.baseUrl}${url}`)).headers.get('strict-transport-security'), url).toBe(HSTS);
    }
    expect((await rawRequest(publicHttps.baseUrl, 'TRACE', '/api/v1/payments')).headers.get('strict-transport-security')).toBe(HSTS);
  });

  it('X-Forwarded-Proto from a peer that is not a trusted proxy changes nothing, nor does a forged internal header', async () => {
    const email = await ownerIn(untrusted.db);
    const res = await login(untrusted.baseUrl, email, { 'x-forwarded-proto': 'https', 'x-tillpoint-https': '1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBeNull();
    for (const cookie of res.headers.getSetCookie()) expect(cookie).not.toMatch(/;\s*Secure/i);
    expect((await get(`${untrusted.baseUrl}/api/health`, { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBeNull();
  });
});
