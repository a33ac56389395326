import { lookup } from 'node:dns/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '@/db/client';
import { migratedDatabaseIn } from './test-db';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { forbiddenAddressReason } from '@/lib/webhooks/webhook-target';
import { cardPayment, newMerchant } from './api-client';
import { TEST_ENV } from './global-setup';
import { startServer, type RunningServer } from './server';
import { startReceiver, type Receiver } from './webhook-receiver';

// Issue 12, high: webhook endpoints could point at loopback, private, link-local and metadata
// addresses, and the first 1 KB of the answer was stored and shown. This file runs its own
// server WITHOUT TILLPOINT_WEBHOOK_ALLOW_PRIVATE. Nothing here sends traffic beyond 127.0.0.1:
// refused URLs are refused before any connection, and the only receiver listens on loopback.

const poll = { timeout: 15_000, interval: 100 };
// The machine's own name, which resolves (through /etc/hosts here) to loopback or a private
// address on most hosts and containers.
const own = hostname();
const ownAddress = await lookup(own).then(
  (a) => a.address,
  () => null,
);
let dir: string;
let db: Db;
let server: RunningServer | undefined;
let receiver: Receiver;
let merchant: { secretKey: string };
/** An endpoint saved while the server allowed private receivers, pointing at `receiver`. */
let savedEndpoint: { id: string };

function client(secretKey: string) {
  return async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${server!.baseUrl}/api/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-ssrf-'));
  const databaseUrl = await migratedDatabaseIn(dir, 'security_webhook_ssrf');
  db = openDatabase(databaseUrl);
  merchant = await createMerchant(db, { name: 'SSRF merchant' });
  receiver = await startReceiver(() => ({ status: 200, body: 'internal secret answer' }));

  // First the operator ran with the flag (a LAN receiver) and saved an endpoint on 127.0.0.1...
  server = await startServer({ ...TEST_ENV, DATABASE_URL: databaseUrl, TILLPOINT_WEBHOOK_ALLOW_PRIVATE: '1' }, path.join(dir, 'server-1.log'));
  const saved = await client(merchant.secretKey)('POST', '/webhook_endpoints', { url: receiver.url, enabled_events: ['payment.succeeded'] });
  expect(saved.status).toBe(201);
  savedEndpoint = saved.body;
  await server.stop();
  // ...then restarted without it: from now on the rule holds, for that endpoint too.
  server = await startServer({ ...TEST_ENV, DATABASE_URL: databaseUrl, TILLPOINT_WEBHOOK_ALLOW_PRIVATE: '' }, path.join(dir, 'server-2.log'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await receiver?.close();
  if (db) await closeDatabase(db);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('webhook endpoint URLs', () => {
  it.each([
    ['http://127.0.0.1/hooks', '127.0.0.1 is a loopback address'],
    ['http://127.0.0.1:8080/hooks', '127.0.0.1 is a loopback address'],
    ['http://localhost/hooks', 'localhost is a loopback name'],
    ['http://LocalHost.:3000/hooks', 'localhost is a loopback name'],
    ['http://admin.localhost/hooks', 'admin.localhost is a loopback name'],
    ['http://[::1]/hooks', '::1 is a loopback address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
    ['http://[fe80::1]/hooks', 'fe80::1 is a link-local address'],
    ['http://10.0.0.1/hooks', '10.0.0.1 is a private (RFC 1918) address'],
    ['https://172.16.0.1/hooks', '172.16.0.1 is a private (RFC 1918) address'],
    ['http://192.168.1.20/hooks', '192.168.1.20 is a private (RFC 1918) address'],
    ['http://[fd00::1]/hooks', 'fd00::1 is a private (unique local, fc00::/7) address'],
    ['http://100.64.0.1/hooks', '100.64.0.1 is a carrier-grade NAT (100.64.0.0/10) address'],
    ['http://224.0.0.1/hooks', '224.0.0.1 is a multicast address'],
    ['http://0.0.0.0/hooks', '0.0.0.0 is the unspecified address'],
    ['http://[::ffff:127.0.0.1]/hooks', 'is a loopback address'],
    ['http://[::ffff:169.254.169.254]/hooks', 'is a link-local address'],
    ['http://2130706433/hooks', '127.0.0.1 is a loopback address'],
  ])('refuses %s at create', async (url, why) => {
    const res = await client(merchant.secretKey)('POST', '/webhook_endpoints', { url, enabled_events: ['*'] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_invalid', param: 'url' });
    expect(res.body.error.message).toContain(why);
    expect(res.body.error.message).toContain('TILLPOINT_WEBHOOK_ALLOW_PRIVATE');
  });

  // The check follows DNS, not just the text of the URL.
  it.runIf(ownAddress !== null && forbiddenAddressReason(ownAddress) !== null)(`refuses a host name that resolves to a private address (${own})`, async () => {
    const res = await client(merchant.secretKey)('POST', '/webhook_endpoints', { url: `http://${own}:4000/hooks`, enabled_events: ['*'] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'parameter_invalid', param: 'url', message: expect.stringContaining(`${own} resolves to a`) });
  });

  it('created nothing for the refused URLs, and refuses an update to a private URL', async () => {
    const call = client(merchant.secretKey);
    expect((await call('GET', '/webhook_endpoints')).body.data.map((e: { id: string }) => e.id)).toEqual([savedEndpoint.id]);
    // A public address is fine (nothing is sent to it: no event in this merchant matches it).
    const ok = await call('POST', '/webhook_endpoints', { url: 'https://93.184.216.34/hooks', enabled_events: ['payout.paid'] });
    expect(ok.status).toBe(201);
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[::1]:9/x']) {
      for (const method of ['POST', 'PATCH']) {
        const res = await call(method, `/webhook_endpoints/${ok.body.id}`, { url });
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'parameter_invalid', param: 'url' });
      }
    }
    expect((await call('GET', `/webhook_endpoints/${ok.body.id}`)).body.url).toBe('https://93.184.216.34/hooks');
    expect((await call('DELETE', `/webhook_endpoints/${ok.body.id}`)).status).toBe(200);
  });
});

describe('webhook delivery', () => {
  it('checks again at every delivery: an endpoint saved for 127.0.0.1 gets nothing once the rule holds', async () => {
    const call = client(merchant.secretKey);
    expect((await call('POST', '/payments', cardPayment())).status).toBe(201);
    const attempts = async () => (await call('GET', `/webhook_endpoints/${savedEndpoint.id}/deliveries`)).body.data.flatMap((d: { attempts: unknown[] }) => d.attempts);
    await expect.poll(async () => (await attempts()).length, poll).toBeGreaterThan(0);
    const [first] = await attempts();
    expect(first).toMatchObject({ succeeded: false, status_code: null, response_body: null, error: 'address_forbidden: 127.0.0.1 is a loopback address' });
    expect(receiver.received).toEqual([]);
  });
});

describe('failed connections', () => {
  // The shared test server allows private receivers, so a closed port on 127.0.0.1 is reachable.
  it('are recorded as connection_failed, not the raw socket error', async () => {
    const { api } = await newMerchant();
    const endpoint = await api.post('/webhook_endpoints', { url: 'http://127.0.0.1:1/nothing-listens', enabled_events: ['payment.succeeded'] });
    await api.post('/payments', cardPayment());
    await expect.poll(async () => (await api.get(`/webhook_endpoints/${endpoint.body.id}/deliveries`)).body.data[0]?.attempts.length ?? 0, poll).toBeGreaterThan(0);
    const [delivery] = (await api.get(`/webhook_endpoints/${endpoint.body.id}/deliveries`)).body.data;
    expect(delivery.attempts[0]).toMatchObject({ succeeded: false, status_code: null, error: 'connection_failed' });
    expect(delivery.last_error).toBe('connection_failed');
  });
});
