import { afterEach, describe, expect, it } from 'vitest';
import { freshDb } from '@/tests/test-db';
import { addressKey, giveBackSignInAttempt, RateLimitedError, takeSignInAttempt } from './rate-limits';

afterEach(() => {
  delete process.env.TILLPOINT_RATE_LIMIT_SIGN_IN_PER_IP;
  delete process.env.TILLPOINT_RATE_LIMIT;
});

describe('sign-in rate limit', () => {
  it('counts per address in the migrated table, gives a point back, and refuses past the limit', async () => {
    process.env.TILLPOINT_RATE_LIMIT_SIGN_IN_PER_IP = '2';
    const db = freshDb();
    expect(await takeSignInAttempt(db, '192.0.2.1')).toMatchObject({ limit: 2, remaining: 1 });
    expect(await giveBackSignInAttempt(db, '192.0.2.1')).toMatchObject({ remaining: 2 });
    await takeSignInAttempt(db, '192.0.2.1');
    await takeSignInAttempt(db, '192.0.2.1');
    const refused = await takeSignInAttempt(db, '192.0.2.1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).state).toMatchObject({ limit: 2, remaining: 0 });
    expect(await takeSignInAttempt(db, '192.0.2.2')).toMatchObject({ remaining: 1 });
    expect(db.$client.prepare("SELECT key, points FROM rate_limits ORDER BY key").all()).toEqual([
      { key: 'sign_in_ip:192.0.2.1', points: 3 },
      { key: 'sign_in_ip:192.0.2.2', points: 1 },
    ]);
  });

  it('counts an IPv6 /64 as one address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey(null)).toBe('unknown');
  });

  it('is off with TILLPOINT_RATE_LIMIT=off, and refuses a limit that is not a whole number', async () => {
    const db = freshDb();
    process.env.TILLPOINT_RATE_LIMIT_SIGN_IN_PER_IP = 'lots';
    await expect(takeSignInAttempt(db, '192.0.2.1')).rejects.toThrow(/TILLPOINT_RATE_LIMIT_SIGN_IN_PER_IP must be a positive whole number/);
    process.env.TILLPOINT_RATE_LIMIT_SIGN_IN_PER_IP = '1';
    process.env.TILLPOINT_RATE_LIMIT = 'off';
    for (let i = 0; i < 3; i++) expect(await takeSignInAttempt(db, '192.0.2.1')).toBeNull();
    expect(db.$client.prepare('SELECT count(*) AS n FROM rate_limits').get()).toEqual({ n: 0 });
  });
});
