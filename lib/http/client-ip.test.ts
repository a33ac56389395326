import { describe, expect, it } from 'vitest';
import { parseTrustProxy, resolveClientIp } from './client-ip';

describe('client IP behind TILLPOINT_TRUST_PROXY', () => {
  it('is the socket address when nothing is trusted, whatever the headers say', () => {
    expect(resolveClientIp('::ffff:192.0.2.1', '203.0.113.9', '203.0.113.10', parseTrustProxy(undefined))).toBe('192.0.2.1');
    expect(resolveClientIp('192.0.2.1', '203.0.113.9', undefined, parseTrustProxy(''))).toBe('192.0.2.1');
    expect(resolveClientIp('192.0.2.1', '203.0.113.9', undefined, parseTrustProxy('0'))).toBe('192.0.2.1');
  });

  it('with a hop count, walks back that many proxies and no further', () => {
    const chain = '198.51.100.1, 203.0.113.5, 10.0.0.2';
    expect(resolveClientIp('10.0.0.1', chain, undefined, parseTrustProxy('1'))).toBe('10.0.0.2');
    expect(resolveClientIp('10.0.0.1', chain, undefined, parseTrustProxy('2'))).toBe('203.0.113.5');
    expect(resolveClientIp('10.0.0.1', chain, undefined, parseTrustProxy('9'))).toBe('198.51.100.1');
    expect(resolveClientIp('10.0.0.1', undefined, '203.0.113.7', parseTrustProxy('1'))).toBe('203.0.113.7');
    expect(resolveClientIp('10.0.0.1', undefined, undefined, parseTrustProxy('1'))).toBe('10.0.0.1');
  });

  it('with ranges, skips trusted proxies and stops at the first address outside them', () => {
    const trust = parseTrustProxy('10.0.0.0/8, 127.0.0.1, fd00::/8');
    expect(resolveClientIp('127.0.0.1', '198.51.100.1, 203.0.113.5, 10.1.2.3', undefined, trust)).toBe('203.0.113.5');
    expect(resolveClientIp('::ffff:127.0.0.1', '203.0.113.5', undefined, trust)).toBe('203.0.113.5');
    expect(resolveClientIp('fd00::1', '2001:db8::1', undefined, trust)).toBe('2001:db8::1');
    // A peer outside the ranges is the client even if it sends forwarding headers.
    expect(resolveClientIp('192.0.2.1', '203.0.113.5', undefined, trust)).toBe('192.0.2.1');
  });

  it('does not believe anything beyond a malformed entry', () => {
    expect(resolveClientIp('10.0.0.1', '203.0.113.5, not-an-ip, 10.0.0.2', undefined, parseTrustProxy('10.0.0.0/8'))).toBe('10.0.0.2');
  });

  it('refuses a setting that is neither a count nor addresses', () => {
    expect(() => parseTrustProxy('loopback')).toThrow(/TILLPOINT_TRUST_PROXY: 'loopback'/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow();
  });
});
