import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDatabase, openDatabase } from '@/db/client';
import { migratedDatabaseIn } from './test-db';
import { createApiKey } from '@/lib/security/api-keys';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { JSON_BODY_LIMIT, UPLOAD_BODY_LIMIT } from '@/lib/http/read-body';
import { TEST_ENV } from './global-setup';
import { newMerchant } from './api-client';
import { startServer } from './server';

type Raw = { status: number; headers: Record<string, string>; body: string };

/**
 * One HTTP/1.1 request written by hand on a socket, so the test decides the framing: a
 * Content-Length (true or not), or chunked with none. Resolves with the first answer.
 */
function rawRequest(baseUrl: string, head: string[], body: Buffer, framing: 'length' | 'chunked' | { claimedLength: number }): Promise<Raw> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    // Node may answer and close while the body is still being written (its own 400).
    socket.on('error', (error) => (received.length ? socket.emit('end') : reject(error)));
    // An answer without a length (Node's own 400) ends with the connection.
    socket.on('end', () => {
      const text = received.toString();
      resolve({ status: Number(text.split(' ')[1]), headers: {}, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.on('data', (data) => {
      received = Buffer.concat([received, data]);
      const text = received.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const rest = received.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
      let payload: string | null = null;
      if (headers['content-length'] !== undefined) {
        if (rest.length >= Number(headers['content-length'])) payload = rest.subarray(0, Number(headers['content-length'])).toString();
      } else if (rest.toString().includes('\r\n0\r\n\r\n')) {
        payload = rest.toString().split('\r\n').filter((_, i) => i % 2 === 1).join('');
      }
      if (payload === null) return;
      socket.destroy();
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: payload });
    });
    const framingHeader =
      framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${framing === 'length' ? body.length : framing.claimedLength}`;
    socket.write([`POST ${head[0]} HTTP/1.1`, `Host: ${hostname}:${port}`, ...head.slice(1), framingHeader, 'Connection: close', '', ''].join('\r\n'));
    if (framing === 'chunked') {
      // 64 KiB chunks, as a streaming client would send them.
      for (let at = 0; at < body.length; at += 65_536) {
        const chunk = body.subarray(at, at + 65_536);
        socket.write(`${chunk.length.toString(16)}\r\n`);
        socket.write(chunk);
        socket.write('\r\n');
      }
      socket.write('0\r\n\r\n');
    } else {
      socket.write(body);
    }
  });
}

/** A JSON payment body padded (in its description) to exactly `bytes` bytes. */
function paymentOfSize(bytes: number): Buffer {
  const base = JSON.stringify({ amount: '25.00', currency: 'usd', method: 'credit_card', description: '', payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' } });
  const padded = base.replace('"description":""', `"description":"${'x'.repeat(bytes - Buffer.byteLength(base))}"`);
  return Buffer.from(padded);
}

/**
 * A reconciliation report of exactly `bytes` bytes (ASCII): a header, lines with long references
 * (the row cap is 100,000), and a last line padded to size whose amount does not parse. So a
 * report the limit lets through is refused naming its last line: proof all of it was read.
 */
function reportOfSize(bytes: number): { csv: Buffer; lastLine: number } {
  const header = 'date,processor_reference,type,amount,fee,currency\n';
  const line = (n: number) => `2026-01-01,ref_${String(n).padStart(240, '0')},charge,1.00,0.00,USD\n`;
  const last = (padding: number) => `2026-01-01,${'r'.repeat(padding)},charge,1.0x,0.00,USD\n`;
  const count = Math.floor((bytes - header.length - last(0).length) / line(0).length);
  const body = Array.from({ length: count }, (_, n) => line(n)).join('');
  const csv = Buffer.from(header + body + last(bytes - header.length - body.length - last(0).length));
  return { csv, lastLine: count + 2 };
}

function expect413(answer: Raw) {
  expect(answer.status, answer.body.slice(0, 200)).toBe(413);
  const { error } = JSON.parse(answer.body);
  expect(error).toMatchObject({ type: 'invalid_request_error', code: 'payload_too_large' });
  expect(error.request_id).toMatch(/^req_/);
}

describe('body limits (shared server)', () => {
  let baseUrl: string;
  let auth: string;
  beforeAll(async () => {
    baseUrl = inject('baseUrl');
    auth = `Authorization: Bearer ${(await newMerchant('Body limits')).secretKey}`;
  });

  const json = ['Content-Type: application/json'];

  it('refuses a JSON body of 1 MiB + 1 byte with 413, with a Content-Length and chunked without one; a contradicting Content-Length gets nowhere', async () => {
    const body = paymentOfSize(JSON_BODY_LIMIT + 1);
    expect413(await rawRequest(baseUrl, ['/api/v1/payments', auth, ...json], body, 'length'));
    expect413(await rawRequest(baseUrl, ['/api/v1/payments', auth, ...json], body, 'chunked'));
    // A client cannot shrink the count by understating the length: with a Content-Length and
    // a chunked body together Node refuses the request outright (no request smuggling), and
    // an understated length alone ends the body there, so it is never larger than what was counted.
    // Refused at the headers, so the body is small: Node closes as soon as it answers, and a
    // client still writing a large one would get a reset that can take the 400 with it (EPIPE).
    const both = await rawRequest(baseUrl, ['/api/v1/payments', auth, ...json, 'Content-Length: 10'], paymentOfSize(1_000), 'chunked');
    expect(both.status).toBe(400);
    expect(both.body).not.toContain('"object":"payment"');
  });

  it('accepts a JSON body of exactly 1 MiB', async () => {
    const answer = await rawRequest(baseUrl, ['/api/v1/payments', auth, ...json], paymentOfSize(JSON_BODY_LIMIT), 'chunked');
    expect(answer.status, answer.body.slice(0, 300)).not.toBe(413);
    // The description is over the field's maximum: a 400 naming it proves the body was parsed.
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'parameter_invalid', param: 'description' });
  });

  it('refuses a 5 MiB + 1 byte reconciliation upload, as text/csv (chunked) and as multipart, and reads one of exactly 5 MiB', async () => {
    const csv = ['/api/v1/reconciliation/imports', auth, 'Content-Type: text/csv'];
    expect413(await rawRequest(baseUrl, csv, reportOfSize(UPLOAD_BODY_LIMIT + 1).csv, 'chunked'));
    const boundary = 'limitsboundary';
    const part = (file: Buffer) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const multipart = ['/api/v1/reconciliation/imports', auth, `Content-Type: multipart/form-data; boundary=${boundary}`];
    // The file alone is 5 MiB; with the multipart framing the body is over the limit.
    expect413(await rawRequest(baseUrl, multipart, part(reportOfSize(UPLOAD_BODY_LIMIT).csv), 'length'));
    const { csv: atLimit, lastLine } = reportOfSize(UPLOAD_BODY_LIMIT);
    for (const framing of ['length', 'chunked'] as const) {
      const answer = await rawRequest(baseUrl, csv, atLimit, framing);
      expect(answer.status, answer.body.slice(0, 300)).toBe(400);
      const { error } = JSON.parse(answer.body);
      expect(error.code).toBe('report_invalid');
      expect(error.message).toContain(`line ${lastLine}: `);
      expect(atLimit.length).toBe(UPLOAD_BODY_LIMIT);
    }
  });

  it('refuses a huge sign-in body with 413 before reading the password', async () => {
    const body = Buffer.from(JSON.stringify({ email: 'nobody@limits.test', password: 'x'.repeat(2 * JSON_BODY_LIMIT) }));
    expect413(await rawRequest(baseUrl, ['/api/auth/login', ...json], body, 'chunked'));
    expect413(await rawRequest(baseUrl, ['/api/auth/login', ...json], body, 'length'));
  });

  it('keeps serving after refusing a body far over the limit', async () => {
    expect413(await rawRequest(baseUrl, ['/api/v1/payments', auth, ...json], Buffer.alloc(12 * 1024 * 1024, 0x20), 'chunked'));
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
  });
});

describe('API rate limits (servers of their own)', () => {
  const servers: { stop: () => Promise<void>; dir: string }[] = [];

  /** A server with its own database and limits; returns its URL and two keys of one merchant. */
  async function limitedServer(env: Record<string, string>) {
    const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-limits-'));
    const databaseUrl = await migratedDatabaseIn(dir, 'security_limits');
    const db = openDatabase(databaseUrl);
    const { merchantId, secretKey } = await createMerchant(db, { name: 'Rate limits' });
    const second = await createApiKey(db, merchantId, { role: 'owner', name: 'second', createdBy: 'cli', createdByUserId: null });
    await closeDatabase(db);
    const server = await startServer({ ...TEST_ENV, DATABASE_URL: databaseUrl, ...env }, path.join(dir, 'server.log'));
    servers.push({ stop: server.stop, dir });
    return { baseUrl: server.baseUrl, keys: [secretKey, second.secret] };
  }

  afterAll(async () => {
    for (const { stop, dir } of servers) {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const get = (baseUrl: string, key: string, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/api/v1/balance`, { headers: { authorization: `Bearer ${key}`, ...headers } });

  /** `n` requests at once, so the bucket cannot refill in between by more than a token or two. */
  const burst = (n: number, send: () => Promise<Response>) => Promise.all(Array.from({ length: n }, send));

  let perKey: Awaited<ReturnType<typeof limitedServer>>;
  let perIp: Awaited<ReturnType<typeof limitedServer>>;
  let off: Awaited<ReturnType<typeof limitedServer>>;
  beforeAll(async () => {
    [perKey, perIp, off] = await Promise.all([
      limitedServer({ TILLPOINT_RATE_LIMIT_PER_KEY: '5', TILLPOINT_RATE_LIMIT_PER_IP: '100000' }),
      limitedServer({ TILLPOINT_RATE_LIMIT_PER_KEY: '100000', TILLPOINT_RATE_LIMIT_PER_IP: '5' }),
      limitedServer({ TILLPOINT_RATE_LIMIT: 'off', TILLPOINT_RATE_LIMIT_PER_KEY: '1', TILLPOINT_RATE_LIMIT_PER_IP: '1' }),
    ]);
  });

  it('answers 429 rate_limited with Retry-After and RateLimit-* once a key is past its limit; another key is unaffected', async () => {
    const first = await get(perKey.baseUrl, perKey.keys[0]);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('5');
    expect(Number(first.headers.get('ratelimit-remaining'))).toBeLessThanOrEqual(4);

    // A bucket of 5 refills at 5 a second: what passes is at most what was left in it plus the
    // refill while the bursts lasted, however slow the machine (bursts go on until one is refused).
    const started = performance.now();
    const answers: Response[] = [];
    while (answers.length < 150 && !answers.some((r) => r.status === 429)) answers.push(...(await burst(30, () => get(perKey.baseUrl, perKey.keys[0]))));
    const seconds = (performance.now() - started) / 1000;
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.length - refused.length).toBeLessThanOrEqual(4 + Math.ceil(5 * seconds));
    expect(answers.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    const limited = refused[0];
    expect((await limited.json()).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('ratelimit-limit')).toBe('5');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);

    const other = await get(perKey.baseUrl, perKey.keys[1]);
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-remaining')).toBe('4');
  });

  it('limits one client address whatever key it sends, garbage keys included; other addresses are unaffected', async () => {
    // The suite's TILLPOINT_TRUST_PROXY trusts loopback, so X-Forwarded-For picks the address.
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    // Garbage and a real key, interleaved, from one address: they drain one bucket of 5.
    // Bursts go on until both kinds were refused; what passes is bounded by the bucket plus its
    // refill over the bursts' real duration, however slow the machine.
    const keys: string[] = [];
    const answers: Response[] = [];
    const refused = (key: string) => answers.filter((r, i) => keys[i] === key && r.status === 429);
    const started = performance.now();
    while (answers.length < 160 && (refused('sk_test_garbage').length === 0 || refused(perIp.keys[0]).length === 0)) {
      const burst = Array.from({ length: 40 }, (_, i) => (i % 2 ? perIp.keys[0] : 'sk_test_garbage'));
      keys.push(...burst);
      answers.push(...(await Promise.all(burst.map((key) => get(perIp.baseUrl, key, from('198.18.0.1'))))));
    }
    const seconds = (performance.now() - started) / 1000;
    expect(refused('sk_test_garbage').length).toBeGreaterThan(0);
    expect(refused(perIp.keys[0]).length).toBeGreaterThan(0);
    expect(answers.filter((r) => r.status !== 429).length).toBeLessThanOrEqual(5 + Math.ceil(5 * seconds));
    expect(answers.filter((r, i) => keys[i] === 'sk_test_garbage' && r.status !== 429).every((r) => r.status === 401)).toBe(true);
    const limited = refused(perIp.keys[0])[0];
    expect((await limited.json()).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
    expect(limited.headers.get('ratelimit-limit')).toBe('5');
    expect(limited.headers.get('retry-after')).toBe('1');
    // Another address has a bucket of its own.
    const elsewhere = await get(perIp.baseUrl, perIp.keys[0], from('198.18.0.2'));
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.get('ratelimit-remaining')).toBe('4');
  });

  it('refuses nothing with TILLPOINT_RATE_LIMIT=off, and sends no RateLimit headers', async () => {
    const answers = await burst(30, () => get(off.baseUrl, off.keys[0]));
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(answers[0].headers.get('ratelimit-limit')).toBeNull();
  });
});
