import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Who is calling, by IP. `X-Forwarded-For` / `X-Real-IP` are believed only as far as
 * TILLPOINT_TRUST_PROXY allows: a hop count (`1`: one proxy in front of us) or a list of
 * proxy addresses and CIDR ranges (`10.0.0.0/8, 127.0.0.1`). Unset, the client is the socket's
 * peer address and forwarding headers are ignored.
 *
 * Next.js route handlers never see the socket: Next only fills in `X-Forwarded-For` with the
 * peer address when the client did not send one (`??=`), so a client can put any address
 * there. So the address is decided before Next sees the request, from Node's
 * `http.server.request.start` diagnostics channel (published with the socket just before the
 * server's 'request' event), and handed to the handlers in a header that is overwritten on
 * every request, so a client cannot supply it.
 */

export type TrustProxy = { hops: number } | { ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] } | null;

export const CLIENT_IP_HEADER = 'x-tillpoint-client-ip';
const HOOK_INSTALLED = Symbol.for('tillpoint.clientIpHook');

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) > 0 ? { hops: Number(text) } : null;
  const ranges = text.split(',').map((entry) => {
    const item = entry.trim();
    try {
      if (item.includes('/')) return ipaddr.parseCIDR(item);
      const address = ipaddr.parse(item);
      return [address, address.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
    } catch {
      throw new Error(`TILLPOINT_TRUST_PROXY: '${item}' is neither a hop count nor an IP address or CIDR range`);
    }
  });
  return { ranges };
}

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`) becomes plain IPv4, so ranges and limits see one form. */
function normalize(address: string | undefined): string | null {
  const text = address?.trim();
  if (!text || !ipaddr.isValid(text)) return null;
  return ipaddr.process(text).toString();
}

function trusted(trust: NonNullable<TrustProxy>, hop: number, address: string): boolean {
  if ('hops' in trust) return hop < trust.hops;
  const parsed = ipaddr.parse(address);
  return trust.ranges.some((range) => parsed.kind() === range[0].kind() && parsed.match(range));
}

/** Whether the socket's peer is a proxy TILLPOINT_TRUST_PROXY lets speak for the client. */
export function peerIsTrustedProxy(peer: string | undefined, trust: TrustProxy): boolean {
  const address = normalize(peer);
  return !!address && !!trust && trusted(trust, 0, address);
}

/**
 * Walks from the socket back through the forwarding chain while each hop is a trusted proxy;
 * the first address not vouched for by a trusted hop is the client.
 */
export function resolveClientIp(peer: string | undefined, forwardedFor: string | undefined, realIp: string | undefined, trust: TrustProxy): string | null {
  const socketAddress = normalize(peer);
  if (!socketAddress || !trust) return socketAddress;
  const forwarded = forwardedFor ? forwardedFor.split(',').reverse() : realIp ? [realIp] : [];
  const chain = [socketAddress];
  for (const entry of forwarded) {
    const address = normalize(entry);
    if (!address) break; // garbage: nothing beyond it can be believed
    chain.push(address);
  }
  let hop = 0;
  while (hop + 1 < chain.length && trusted(trust, hop, chain[hop])) hop++;
  return chain[hop];
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

/** Called once per process from instrumentation.ts, before the server answers anything. */
export function installClientIpHook(): void {
  const globals = globalThis as { [HOOK_INSTALLED]?: boolean };
  if (globals[HOOK_INSTALLED]) return;
  const trust = parseTrustProxy(process.env.TILLPOINT_TRUST_PROXY);
  subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const ip = resolveClientIp(socket.remoteAddress, headerValue(request.headers['x-forwarded-for']), headerValue(request.headers['x-real-ip']), trust);
    request.headers[CLIENT_IP_HEADER] = ip ?? '';
  });
  globals[HOOK_INSTALLED] = true;
}

/** The caller's IP, or null when it is unknown (the hook is not running in this process). */
export function clientIp(req: Request): string | null {
  if (!(globalThis as { [HOOK_INSTALLED]?: boolean })[HOOK_INSTALLED]) return null;
  return req.headers.get(CLIENT_IP_HEADER) || null;
}
