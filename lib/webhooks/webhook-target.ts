import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Every address a host name resolves to (injectable, so DNS rebinding can be tested). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;
export type TargetOptions = { resolve?: Resolver; allowPrivate?: boolean };

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** `TILLPOINT_WEBHOOK_ALLOW_PRIVATE=1`: receivers on the local network (self-hosting, tests). */
export const allowPrivateWebhooks = () => process.env.TILLPOINT_WEBHOOK_ALLOW_PRIVATE === '1';

/** A webhook URL whose host is, or resolves to, an address webhooks may not reach. */
export class WebhookTargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookTargetRefused';
  }
}

// ipaddr.js range names → what the merchant reads. Anything else but `unicast` is refused too.
const rangeDescriptions: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private (RFC 1918) address',
  uniqueLocal: 'a private (unique local, fc00::/7) address',
  linkLocal: 'a link-local address (169.254.0.0/16 or fe80::/10, where cloud metadata services answer)',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
  multicast: 'a multicast address',
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/**
 * Why an address may not receive webhooks, or null for a public unicast one. An allow-list:
 * only what ipaddr.js calls `unicast` passes, so 6to4, Teredo and NAT64 forms that can embed
 * a private IPv4 address are refused with the rest. IPv4-mapped IPv6 is judged as its IPv4.
 */
export function forbiddenAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return null;
  return rangeDescriptions[range] ?? `a special-purpose address (${range})`;
}

/**
 * Resolves a webhook URL's host once and checks every address it has: one bad address refuses
 * the URL (an attacker's DNS could answer with both). Returns the address to connect to.
 * Throws `WebhookTargetRefused`, or the resolver's error when the name does not resolve.
 */
export async function resolveWebhookTarget(url: URL, options: TargetOptions = {}): Promise<ResolvedAddress> {
  const allowPrivate = options.allowPrivate ?? allowPrivateWebhooks();
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');
  // RFC 6761: `localhost` and every name under it is loopback, whatever a resolver says.
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) throw new WebhookTargetRefused(`${host} is a loopback name`);
  const family = isIP(host);
  const addresses = family ? [{ address: host, family: family as 4 | 6 }] : await (options.resolve ?? systemResolver)(host);
  if (addresses.length === 0) throw new WebhookTargetRefused(`${host} has no address`);
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const reason = forbiddenAddressReason(address);
      if (reason) throw new WebhookTargetRefused(family ? `${host} is ${reason}` : `${host} resolves to ${reason}`);
    }
  }
  return addresses[0];
}

/**
 * A `lookup` for http.request that answers with the address already checked, so the socket
 * goes where the check looked (no second DNS answer in between), while the Host header and
 * the TLS server name stay the URL's host name.
 */
export function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return ((_hostname, options, callback) => {
    if (options.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}
