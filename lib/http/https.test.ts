import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from './client-ip';
import { forwardedHttps } from './https';

describe('forwardedHttps', () => {
  const oneHop = parseTrustProxy('1');
  const listed = parseTrustProxy('10.0.0.0/8');

  it('believes X-Forwarded-Proto only from a trusted peer', () => {
    expect(forwardedHttps('203.0.113.7', 'https', oneHop)).toBe(true);
    expect(forwardedHttps('10.1.2.3', 'https', listed)).toBe(true);
    expect(forwardedHttps('::ffff:10.1.2.3', 'https', listed)).toBe(true);
    expect(forwardedHttps('127.0.0.1', 'https', listed)).toBe(false);
    expect(forwardedHttps('10.1.2.3', 'https', null)).toBe(false);
  });

  it('reads the first entry, the scheme the client used', () => {
    expect(forwardedHttps('10.1.2.3', 'HTTPS', listed)).toBe(true);
    expect(forwardedHttps('10.1.2.3', 'https, http', listed)).toBe(true);
    expect(forwardedHttps('10.1.2.3', 'http, https', listed)).toBe(false);
    expect(forwardedHttps('10.1.2.3', '', listed)).toBe(false);
    expect(forwardedHttps('10.1.2.3', undefined, listed)).toBe(false);
  });
});
