import { createServer, request, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { earlyAnswer, installEarlyAnswers } from './early-answers';

describe('earlyAnswer', () => {
  it('leaves everything Next.js routes itself alone, pages with slashes included', () => {
    for (const [method, url] of [['GET', '/api/health'], ['POST', '/v1/customers?email=a//b/'], ['GET', '/'], ['GET', '/login/'], ['GET', '//login'], ['PROPFIND', '/v1/customers']]) {
      expect(earlyAnswer(method, url), `${method} ${url}`).toBeNull();
    }
  });

  it('answers a trailing, doubled or back slash on /v1 and /api with the surface’s 404', async () => {
    const stripe = earlyAnswer('GET', '/v1/customers/?limit=3')!;
    expect([stripe.status, stripe.headers.get('request-id')?.startsWith('req_'), stripe.headers.get('stripe-version')?.length]).toEqual([404, true, expect.any(Number)]);
    expect((await stripe.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing', message: expect.stringContaining('(GET: /v1/customers/)') });
    for (const url of ['/api/v1/payments/', '/api/v1//payments', '/api\\v1\\payments', '//api/v1/payments', '/api/']) {
      const native = earlyAnswer('POST', url)!;
      expect(native.status, url).toBe(404);
      expect((await native.json()).error, url).toMatchObject({ type: 'not_found', code: 'route_missing', message: expect.stringContaining(`(POST ${url})`) });
    }
  });

  it('answers TRACE with 405 and Allow on a route, 404 on an unknown API path, plain text on pages', async () => {
    const stripe = earlyAnswer('TRACE', '/v1/payment_intents/pi_1/confirm')!;
    expect([stripe.status, stripe.headers.get('allow')]).toEqual([405, 'OPTIONS, POST']);
    expect((await stripe.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'method_not_allowed' });
    const native = earlyAnswer('TRACE', '/api/health')!;
    expect([native.status, native.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
    expect((await native.json()).error.code).toBe('method_not_allowed');
    expect(earlyAnswer('TRACE', '/api/v1/nothing')!.status).toBe(404);
    const page = earlyAnswer('TRACE', '/overview')!;
    expect([page.status, page.headers.get('allow'), page.headers.get('content-type')]).toEqual([405, 'GET, HEAD', 'text/plain; charset=utf-8']);
  });
});

describe('installEarlyAnswers', () => {
  let server: Server;
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (method: string, path: string) =>
    new Promise<{ status: number; text: string; nosniff: unknown }>((resolve, reject) => {
      const { port } = server.address() as { port: number };
      const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, text, nosniff: res.headers['x-content-type-options'] }));
      });
      req.on('error', reject);
      req.end();
    });

  it("puts the answers in front of the server's own handler from its first request on", async () => {
    installEarlyAnswers();
    server = createServer((req, res) => res.end(`handler ${req.method}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const first = await send('TRACE', '/v1/customers');
    expect([first.status, JSON.parse(first.text).error.code, first.nosniff]).toEqual([405, 'method_not_allowed', 'nosniff']);
    expect(await send('GET', '/v1/customers')).toMatchObject({ status: 200, text: 'handler GET' });
    expect(await send('GET', '/v1/customers/')).toMatchObject({ status: 404 });
    expect(await send('GET', '/login/')).toMatchObject({ status: 200, text: 'handler GET' });
  });
});
