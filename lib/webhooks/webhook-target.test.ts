import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '@/tests/webhook-receiver';
import { sendWebhook } from './deliver-webhooks';
import { forbiddenAddressReason, resolveWebhookTarget, WebhookTargetRefused, type ResolvedAddress, type Resolver } from './webhook-target';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** A resolver that answers each call with the next list, and counts the calls. */
function scriptedResolver(...answers: ResolvedAddress[][]): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const answer = answers[Math.min(calls.length, answers.length) - 1];
    return answer;
  };
  return Object.assign(resolve, { calls });
}
const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const PUBLIC = v4('93.184.216.34');

describe('forbiddenAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private (RFC 1918)'],
    ['172.16.5.4', 'private (RFC 1918)'],
    ['192.168.1.1', 'private (RFC 1918)'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.1.2.3', 'private (RFC 1918)'],
    ['64:ff9b::7f00:1', 'special-purpose'],
    ['2002:7f00:1::', 'special-purpose'],
  ])('refuses %s (%s)', (address, why) => {
    expect(forbiddenAddressReason(address)).toContain(why);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(forbiddenAddressReason(address)).toBeNull();
  });
});

describe('resolveWebhookTarget', () => {
  it('refuses localhost names without asking DNS', async () => {
    const resolve = scriptedResolver([PUBLIC]);
    for (const url of ['http://localhost/x', 'http://LOCALHOST./x', 'http://api.localhost:8080/x']) {
      await expect(resolveWebhookTarget(new URL(url), { resolve, allowPrivate: false })).rejects.toThrow(WebhookTargetRefused);
    }
    expect(resolve.calls).toEqual([]);
  });

  it('refuses a name when any of its addresses is private, and says why', async () => {
    const resolve = scriptedResolver([PUBLIC, v4('10.0.0.7')]);
    await expect(resolveWebhookTarget(new URL('https://hooks.shop.test/x'), { resolve, allowPrivate: false })).rejects.toThrow(
      'hooks.shop.test resolves to a private (RFC 1918) address',
    );
  });

  it('judges IP literals without DNS, including normalised IPv4 and IPv4-mapped IPv6 forms', async () => {
    const resolve = scriptedResolver([PUBLIC]);
    for (const url of ['http://2130706433/', 'http://0x7f.1/', 'http://[::ffff:127.0.0.1]/', 'http://[::1]:9/']) {
      await expect(resolveWebhookTarget(new URL(url), { resolve, allowPrivate: false })).rejects.toThrow(/is a loopback address/);
    }
    await expect(resolveWebhookTarget(new URL('http://93.184.216.34/'), { resolve, allowPrivate: false })).resolves.toEqual(PUBLIC);
    expect(resolve.calls).toEqual([]);
  });

  it('lets everything through with allowPrivate, still resolving once to pin the address', async () => {
    const resolve = scriptedResolver([v4('127.0.0.1')]);
    await expect(resolveWebhookTarget(new URL('http://receiver.lan/x'), { resolve, allowPrivate: true })).resolves.toEqual(v4('127.0.0.1'));
    expect(resolve.calls).toEqual(['receiver.lan']);
  });
});

describe('sendWebhook against DNS rebinding', () => {
  it('re-checks at delivery: a name that was public when saved and now points at loopback is refused before connecting', async () => {
    receiver = await startReceiver();
    const port = new URL(receiver.url).port;
    const url = `http://rebind.shop.test:${port}/hooks`;
    // First answer (when the endpoint was saved): public. Then the attacker's DNS flips to 127.0.0.1.
    const resolve = scriptedResolver([PUBLIC], [v4('127.0.0.1')]);
    await expect(resolveWebhookTarget(new URL(url), { resolve, allowPrivate: false })).resolves.toEqual(PUBLIC);

    const result = await sendWebhook(url, '{"id":"evt_1"}', 't=1,v1=00', { resolve, allowPrivate: false });
    expect(result).toMatchObject({ ok: false, statusCode: null, responseBody: null, error: 'address_forbidden: rebind.shop.test resolves to a loopback address' });
    expect(resolve.calls).toHaveLength(2);
    expect(receiver.received).toEqual([]);
  });

  it('connects to the address it checked, not to a second DNS answer, keeping the Host header', async () => {
    receiver = await startReceiver(() => ({ status: 200, body: 'thanks' }));
    const port = new URL(receiver.url).port;
    // One answer only: a second lookup would get a public address (and the system resolver
    // cannot resolve this name at all), so reaching the receiver proves the address was pinned.
    const resolve = scriptedResolver([v4('127.0.0.1')], [PUBLIC]);
    const result = await sendWebhook(`http://pinned.shop.test:${port}/hooks`, '{"id":"evt_2"}', 't=1,v1=00', { resolve, allowPrivate: true });
    expect(result).toMatchObject({ ok: true, statusCode: 200, responseBody: 'thanks', error: null });
    expect(resolve.calls).toEqual(['pinned.shop.test']);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].headers.host).toBe(`pinned.shop.test:${port}`);
  });

  it('reports a refused connection and an unresolvable name as connection_failed, nothing more', async () => {
    const refused = await sendWebhook('http://127.0.0.1:1/x', '{}', 't=1,v1=00', { allowPrivate: true });
    expect(refused.error).toBe('connection_failed');
    const unresolvable = await sendWebhook('http://nowhere.shop.test/x', '{}', 't=1,v1=00', {
      resolve: async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.shop.test'), { code: 'ENOTFOUND' });
      },
    });
    expect(unresolvable.error).toBe('connection_failed');
  });
});
