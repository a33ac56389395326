import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets';

/** Buckets on a clock the test moves by hand. */
function onClock(capacity: number, perSecond: number) {
  let now = 1_000;
  const buckets = new TokenBuckets(capacity, perSecond, () => now);
  return { buckets, advance: (ms: number) => (now += ms) };
}

describe('token buckets', () => {
  it('lets a full bucket through, refuses the next take, and says when the next token comes', () => {
    const { buckets } = onClock(5, 5);
    expect([1, 2, 3, 4, 5].map(() => buckets.take('k').remaining)).toEqual([4, 3, 2, 1, 0]);
    const refused = buckets.take('k');
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.retryInMs).toBeCloseTo(200);
    expect(refused.fullInMs).toBeCloseTo(1000);
  });

  it('refills continuously: one token per interval, never above capacity', () => {
    const { buckets, advance } = onClock(3, 3);
    for (let i = 0; i < 3; i++) buckets.take('k');
    advance(333);
    expect(buckets.take('k').allowed).toBe(false);
    advance(1);
    expect(buckets.take('k')).toMatchObject({ allowed: true, remaining: 0 });
    advance(60_000);
    expect(buckets.take('k').remaining).toBe(2);
  });

  it('keeps keys apart, and forgets full buckets', () => {
    const { buckets, advance } = onClock(2, 2);
    buckets.take('a');
    buckets.take('a');
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b')).toMatchObject({ allowed: true, remaining: 1 });
    expect(buckets.size).toBe(2);
    advance(11_000);
    expect(buckets.take('c').remaining).toBe(1);
    expect(buckets.size).toBe(1);
  });
});
