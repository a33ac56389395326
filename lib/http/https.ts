import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { parseTrustProxy, peerIsTrustedProxy, type TrustProxy } from './client-ip';
import { publicUrl } from './public-url';
import { STRICT_TRANSPORT_SECURITY } from './security-headers';

/**
 * Whether an answer goes out over https, which decides HSTS and the `Secure` cookie flag:
 * TILLPOINT_PUBLIC_URL is https (people reach us over https, whatever the last hop is), the
 * connection itself is TLS, or a trusted proxy (TILLPOINT_TRUST_PROXY, see client-ip.ts) says
 * the client came over https in `X-Forwarded-Proto`. From anyone else that header is ignored.
 *
 * Like the client IP, this is decided at the socket, on Node's `http.server.request.start`
 * diagnostics channel, before Next.js sees the request: only there is the peer address known.
 * The verdict goes to route handlers in a header overwritten on every request (a client cannot
 * supply it), and HSTS is set on the response right there, so it reaches every answer: pages,
 * API, static files, error pages, and /api/health and /api/metrics, which skip the proxy.
 */

export const HTTPS_HEADER = 'x-tillpoint-https';
const HOOK_INSTALLED = Symbol.for('tillpoint.httpsHook');

/**
 * The first `X-Forwarded-Proto` entry is the scheme the client used (a chain of proxies appends
 * one entry per hop, as Express reads it too); it counts only when the peer is a trusted proxy.
 */
export function forwardedHttps(peer: string | undefined, forwardedProto: string | undefined, trust: TrustProxy): boolean {
  if (!forwardedProto || !peerIsTrustedProxy(peer, trust)) return false;
  return forwardedProto.split(',')[0].trim().toLowerCase() === 'https';
}

const publicUrlIsHttps = () => publicUrl()?.protocol === 'https:';

/** Called once per process from instrumentation.ts, before the server answers anything. */
export function installHttpsHook(): void {
  const globals = globalThis as { [HOOK_INSTALLED]?: boolean };
  if (globals[HOOK_INSTALLED]) return;
  const trust = parseTrustProxy(process.env.TILLPOINT_TRUST_PROXY);
  const alwaysHttps = publicUrlIsHttps();
  subscribe('http.server.request.start', (message) => {
    const { request, response, socket } = message as { request: IncomingMessage; response: ServerResponse; socket: Socket };
    const proto = request.headers['x-forwarded-proto'];
    const https =
      alwaysHttps ||
      (socket as TLSSocket).encrypted === true ||
      forwardedHttps(socket.remoteAddress, Array.isArray(proto) ? proto.join(',') : proto, trust);
    request.headers[HTTPS_HEADER] = https ? '1' : '0';
    if (https) response.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  });
  globals[HOOK_INSTALLED] = true;
}

/** Whether this request's answer goes out over https (for the `Secure` cookie flag). */
export function servedOverHttps(req: Request): boolean {
  if (!(globalThis as { [HOOK_INSTALLED]?: boolean })[HOOK_INSTALLED]) return publicUrlIsHttps();
  return req.headers.get(HTTPS_HEADER) === '1';
}
