import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '@/db/client';
import { migratedDatabaseIn } from './test-db';
import { loginAttempts, users } from '@/db/schema';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { TEST_ENV } from './global-setup';
import { startServer, type RunningServer } from './server';
import { signInAs, suiteDb } from './api-client';

const PASSWORD = 'correct horse battery staple';
let counter = 0;
const tag = () => `${Date.now().toString(36)}-${counter++}`;

/** A server of its own (own database, own per-IP counters), so these limits touch no other test. */
async function dedicatedServer(env: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-sign-in-'));
  const databaseUrl = await migratedDatabaseIn(dir, 'security_sign_in');
  const db = openDatabase(databaseUrl);
  const server = await startServer({ ...TEST_ENV, DATABASE_URL: databaseUrl, ...env }, path.join(dir, 'server.log'));
  const close = async () => {
    await server.stop();
    await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, server, close };
}

type Dedicated = Awaited<ReturnType<typeof dedicatedServer>>;

function login(baseUrl: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function ownerIn(db: Db) {
  const email = `owner-${tag()}@sign-in.test`;
  await createMerchant(db, { name: 'Sign-in shop', owner: { email, password: PASSWORD } });
  return email;
}

// 198.18.0.0/15 is for benchmarking: an address no test machine has, one per test.
let nextAddress = 1;
const freshAddress = () => `198.18.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

// Behind one trusted proxy: each test picks its client address with X-Forwarded-For.
let proxied: Dedicated;
// No TILLPOINT_TRUST_PROXY, and a small limit: forwarding headers must change nothing.
let direct: Dedicated;

beforeAll(async () => {
  [proxied, direct] = await Promise.all([
    dedicatedServer({ TILLPOINT_TRUST_PROXY: '1' }),
    dedicatedServer({ TILLPOINT_TRUST_PROXY: '', TILLPOINT_RATE_LIMIT_SIGN_IN_PER_IP: '3' }),
  ]);
});

afterAll(async () => {
  await Promise.all([proxied?.close(), direct?.close()]);
});

describe('account lockout', () => {
  it('evaluates at most 5 of 20 parallel wrong guesses, then refuses even the right password', async () => {
    const email = await ownerIn(proxied.db);
    const from = { 'x-forwarded-for': freshAddress() };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(proxied.server.baseUrl, { email, password: `guess ${i}` }, from)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - statuses.filter((s) => s === 401).length);
    const codes = await Promise.all(answers.filter((r) => r.status === 429).map(async (r) => (await r.json()).error.code));
    expect(new Set(codes)).toEqual(new Set(['login_locked']));
    // Every guess that was checked against the password counted as a failure: no more than five.
    const [row] = await proxied.db.select().from(loginAttempts).where(eq(loginAttempts.email, email));
    expect(row.failures).toBe(5);
    expect(row.lockedUntil).toBeGreaterThan(Date.now());

    const right = await login(proxied.server.baseUrl, { email, password: PASSWORD }, { 'x-forwarded-for': freshAddress() });
    expect(right.status).toBe(429);
    expect((await right.json()).error).toMatchObject({ code: 'login_locked', message: expect.stringContaining('locked for 15 more minutes') });
  });
});

describe('per-IP sign-in limit', () => {
  it('allows 20 failed attempts a minute from one address, then answers 429 rate_limited with RateLimit headers', async () => {
    const email = await ownerIn(proxied.db);
    const address = freshAddress();
    const from = { 'x-forwarded-for': address };
    // A successful sign-in gives its attempt back: only failures use up the allowance.
    expect((await login(proxied.server.baseUrl, { email, password: PASSWORD }, from)).status).toBe(200);
    // Twenty different accounts, so the per-account lockout stays out of the way.
    const failures = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(proxied.server.baseUrl, { email: `nobody-${i}-${tag()}@sign-in.test`, password: 'x' }, from)),
    );
    expect(failures.map((r) => r.status)).toEqual(Array(20).fill(401));

    const limited = await login(proxied.server.baseUrl, { email, password: PASSWORD }, from);
    expect(limited.status).toBe(429);
    expect((await limited.json()).error).toMatchObject({
      type: 'rate_limit_error',
      code: 'rate_limited',
      message: expect.stringContaining('Too many sign-in attempts from your address'),
      request_id: expect.stringMatching(/^req_/),
    });
    expect(limited.headers.get('ratelimit-limit')).toBe('20');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    const reset = Number(limited.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(1);
    expect(reset).toBeLessThanOrEqual(60);
    expect(Number(limited.headers.get('retry-after'))).toBe(reset);

    // Another address is not affected, and the account itself was never locked.
    const elsewhere = await login(proxied.server.baseUrl, { email, password: PASSWORD }, { 'x-forwarded-for': freshAddress() });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.get('ratelimit-limit')).toBe('20');
    expect(elsewhere.headers.get('ratelimit-remaining')).toBe('20');
  });

  it('ignores X-Forwarded-For and X-Real-IP without TILLPOINT_TRUST_PROXY: the socket address is the client', async () => {
    const email = await ownerIn(direct.db);
    for (let i = 0; i < 3; i++) {
      const res = await login(direct.server.baseUrl, { email: `nobody-${i}@sign-in.test`, password: 'x' }, { 'x-forwarded-for': freshAddress(), 'x-real-ip': freshAddress() });
      expect(res.status).toBe(401);
    }
    const fourth = await login(direct.server.baseUrl, { email, password: PASSWORD }, { 'x-forwarded-for': freshAddress() });
    expect(fourth.status).toBe(429);
    expect((await fourth.json()).error.code).toBe('rate_limited');
    expect(fourth.headers.get('ratelimit-limit')).toBe('3');
  });

  it('with a hop count, believes only the entry the trusted proxy added', async () => {
    const email = await ownerIn(proxied.db);
    const res = await login(proxied.server.baseUrl, { email, password: PASSWORD }, { 'x-forwarded-for': '203.0.113.66, 198.18.200.7' });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const sessions = await fetch(`${proxied.server.baseUrl}/api/v1/me/sessions`, { headers: { cookie } });
    expect((await sessions.json()).data[0]).toMatchObject({ current: true, ip: '198.18.200.7' });
  });
});

describe('login CSRF', () => {
  const baseUrl = () => inject('baseUrl');

  it('takes sign-in only as JSON', async () => {
    const email = await ownerIn(suiteDb());
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await login(baseUrl(), { email, password: PASSWORD }, { 'content-type': type });
      expect(res.status).toBe(415);
      expect((await res.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'content_type_invalid' });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect((await login(baseUrl(), { email, password: PASSWORD }, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('refuses sign-in and sign-out from a foreign Origin, and accepts our own', async () => {
    const email = await ownerIn(suiteDb());
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1.evil.example`]) {
      const res = await login(baseUrl(), { email, password: PASSWORD }, { origin });
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatchObject({ type: 'permission_error', code: 'origin_invalid' });
    }
    expect((await login(baseUrl(), { email, password: PASSWORD }, { origin: baseUrl() })).status).toBe(200);

    const session = await signInAs(email, PASSWORD);
    const logout = (headers: Record<string, string>) =>
      fetch(`${baseUrl()}/api/auth/logout`, { method: 'POST', headers: { cookie: session.cookie, ...headers }, body: '{}' });
    expect((await logout({ 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403);
    expect((await logout({ 'content-type': 'text/plain' })).status).toBe(415);
    expect((await session.get('/me')).status).toBe(200); // neither refused sign-out ended the session
    expect((await logout({ 'content-type': 'application/json', origin: baseUrl() })).status).toBe(200);
    expect((await session.get('/me')).status).toBe(401);
  });
});

describe('return path after sign-in', () => {
  it('keeps same-site paths and sends everything else to /overview', async () => {
    const email = await ownerIn(suiteDb());
    const { cookie } = await signInAs(email, PASSWORD);
    const landing = async (next: string) => {
      const res = await fetch(`${inject('baseUrl')}/login?next=${encodeURIComponent(next)}`, { headers: { cookie }, redirect: 'manual' });
      expect(res.status).toBe(307);
      return res.headers.get('location');
    };
    expect(await landing('/payments?status=failed')).toBe('/payments?status=failed');
    for (const evil of ['/\\evil.example', '/\\/evil.example', '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '//evil.example', 'https://evil.example/']) {
      expect(await landing(evil), JSON.stringify(evil)).toBe('/overview');
    }
  });
});

/** The hash format of the first release: scrypt N=2^14, r=8, p=1. */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 64, { N: 16384, r: 8, p: 1 });
  return ['scrypt', 16384, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

describe('password hashing', () => {
  // The production cost (the suite's other servers hash at 2^14 to stay fast).
  let production: Dedicated;
  beforeAll(async () => {
    production = await dedicatedServer({ TILLPOINT_PASSWORD_HASH_COST: '' });
  });
  afterAll(() => production?.close());

  it('upgrades an old hash to scrypt N=2^17, r=8, p=1 at the next successful sign-in', async () => {
    const email = await ownerIn(production.db);
    const hashOf = async () => (await production.db.select({ hash: users.passwordHash }).from(users).where(eq(users.email, email)))[0].hash;
    await production.db.update(users).set({ passwordHash: legacyHash(PASSWORD) }).where(eq(users.email, email));
    expect((await login(production.server.baseUrl, { email, password: 'wrong password' })).status).toBe(401);
    expect(await hashOf()).toMatch(/^scrypt\$16384\$/); // only a successful sign-in may rewrite it
    expect((await login(production.server.baseUrl, { email, password: PASSWORD })).status).toBe(200);
    const upgraded = await hashOf();
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await login(production.server.baseUrl, { email, password: PASSWORD })).status).toBe(200);
    expect(await hashOf()).toBe(upgraded);
  });
});
