import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DomainError } from '@/lib/errors';
import { checkApiRoute, nativeRefusal, type Refusal } from './check-api-route';
import { stripeErrorResponse } from './stripe/errors';
import { API_CONTENT_SECURITY_POLICY, FIXED_SECURITY_HEADERS } from './security-headers';

/**
 * The requests Next.js answers itself before proxy.ts runs, answered here instead, at the
 * server's 'request' event, wherever Next.js's answer would break a promise:
 *
 * - `TRACE`, on any path: undici's `Request` refuses the method, so Next.js fails to build the
 *   request and answers a plain-text 500. Here: 405 with `Allow` on a route (404 on an unknown
 *   path of an API surface, as every method gets there), in the surface's error shape; a
 *   plain-text 405 elsewhere. On /v1 this is not Stripe's 404 for a method a route lacks: TRACE
 *   never reaches Stripe's router, its edge (nginx) refuses it with 405. TRACK, CONNECT and
 *   unknown tokens never get this far: Node's HTTP parser answers them 400 and closes.
 * - on /v1 and /api: a trailing slash, a repeated slash or a backslash, which Next.js answers
 *   with a 308 to the cleaned path, without the Request-Id and error shape of the API. Here:
 *   404 route_missing, as api.stripe.com answers `GET /v1/customers/` ("Unrecognized request
 *   URL", e.g. stripe-node's `customers.retrieve('')`). The native API answers the same rather
 *   than serving or redirecting: one URL per resource, and a redirect is an answer without a
 *   request id that clients follow silently (and fetch re-sends a POST's body to). Pages keep
 *   Next.js's 308.
 *
 * Everything else goes on to Next.js untouched; the check is a method comparison and a test
 * on the path, so /api/health (which skips the proxy) pays next to nothing for it.
 */
export function earlyAnswer(method: string, url: string): Response | null {
  const query = url.indexOf('?');
  const sentPath = query === -1 ? url : url.slice(0, query);
  if (method !== 'TRACE' && !SLASH_FORMS.test(sentPath)) return null;
  // What Next.js would redirect to: backslashes as slashes, repeated slashes collapsed.
  const path = sentPath.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  const stripe = path === '/v1' || path.startsWith('/v1/');
  if (!stripe && !(path === '/api' || path.startsWith('/api/'))) return method === 'TRACE' ? pageTraceRefusal() : null;
  const refuse = stripe ? stripeRefusal : nativeRefusal;
  if (path !== sentPath || path.endsWith('/')) {
    const message = stripe
      ? `Unrecognized request URL (${method}: ${sentPath}). No route ends in a slash or has an empty segment: to list objects, remove the trailing slash; to retrieve one, pass its (non-empty) id.`
      : `Unrecognized request URL (${method} ${sentPath}): no route ends in a slash or has an empty segment; to list, remove the trailing slash, to get one object, pass its id.`;
    return refuse(new DomainError('route_missing', message));
  }
  return checkApiRoute(method, path, refuse);
}

// A trailing slash (but not the root), two slashes in a row, a backslash.
const SLASH_FORMS = /.\/$|\/\/|\\/;

const stripeRefusal: Refusal = (error, headers) =>
  stripeErrorResponse(error, headers, error.code === 'method_not_allowed' ? { status: 405, code: 'method_not_allowed' } : undefined);

function pageTraceRefusal(): Response {
  return new Response('Method Not Allowed: TRACE is not served here.\n', {
    status: 405,
    headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

const HOOK_INSTALLED = Symbol.for('tillpoint.earlyAnswers');

/**
 * Called once per process from instrumentation.ts. `next start` owns its server; the
 * `http.server.request.start` diagnostics channel names it with each request, just before the
 * server's 'request' event, so on its first request the server's 'request' listeners (Next.js)
 * go behind `earlyAnswer`, that request included.
 */
export function installEarlyAnswers(): void {
  const globals = globalThis as { [HOOK_INSTALLED]?: boolean };
  if (globals[HOOK_INSTALLED]) return;
  const seen = new WeakSet<Server>();
  subscribe('http.server.request.start', (message) => {
    const { server } = message as { server: Server };
    if (seen.has(server)) return;
    seen.add(server);
    answerEarlyOn(server);
  });
  globals[HOOK_INSTALLED] = true;
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

function answerEarlyOn(server: Server): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const answer = earlyAnswer(request.method ?? '', request.url ?? '');
    if (!answer) {
      for (const listener of listeners) listener.call(server, request, response);
      return;
    }
    send(answer, response).catch(() => response.destroy());
  });
}

// What next.config.ts `headers()` gives every /api and /v1 answer; these never reach Next.js.
const SECURITY_HEADERS = Object.fromEntries([...FIXED_SECURITY_HEADERS.map(({ key, value }) => [key, value]), ['Content-Security-Policy', API_CONTENT_SECURITY_POLICY]]);

async function send(answer: Response, response: ServerResponse): Promise<void> {
  const body = Buffer.from(await answer.arrayBuffer());
  response.writeHead(answer.status, { ...SECURITY_HEADERS, ...Object.fromEntries(answer.headers), 'content-length': body.length });
  response.end(body);
}
