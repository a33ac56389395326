/**
 * Token buckets in process memory, one per key: `capacity` tokens, refilled continuously at
 * `perSecond`; a request takes one token or is refused. Kept as GCRA (the generic cell rate
 * algorithm, the same arithmetic as a token bucket): per key a single number, the moment its
 * bucket will be full again. So a take is a Map lookup and a few additions, no timers, no I/O.
 *
 * rate-limiter-flexible, which the sign-in limit uses, counts fixed windows (N points per window
 * from a key's first point: up to 2N in a moment across a window's edge) and its memory store
 * arms a timer per key; the per-request API limits want a bucket's steady refill instead.
 */

export type Take = {
  allowed: boolean;
  /** Whole tokens left after this take. */
  remaining: number;
  /** Milliseconds until the bucket is full again. */
  fullInMs: number;
  /** Milliseconds until the next token, when refused (0 when allowed). */
  retryInMs: number;
};

const SWEEP_EVERY_MS = 10_000;
// Float sums of 1000/perSecond drift by far less than this; it keeps the N-th take of a full
// bucket allowed.
const EPSILON_MS = 1e-6;

export class TokenBuckets {
  /** key → monotonic time (ms) at which its bucket is full again; absent or past means full. */
  private readonly fullAt = new Map<string, number>();
  private sweptAt: number;
  private readonly intervalMs: number;
  private readonly refillMs: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    // Monotonic, so a wall-clock step backwards cannot freeze every bucket.
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = 1000 / perSecond;
    this.refillMs = capacity * this.intervalMs;
    this.sweptAt = now();
  }

  take(key: string): Take {
    const now = this.now();
    if (now - this.sweptAt > SWEEP_EVERY_MS) this.sweep(now);
    const fullAt = Math.max(this.fullAt.get(key) ?? now, now) + this.intervalMs;
    const debt = fullAt - now;
    if (debt > this.refillMs + EPSILON_MS) {
      return { allowed: false, remaining: 0, fullInMs: debt - this.intervalMs, retryInMs: debt - this.refillMs };
    }
    this.fullAt.set(key, fullAt);
    return { allowed: true, remaining: Math.floor((this.refillMs - debt + EPSILON_MS) / this.intervalMs), fullInMs: debt, retryInMs: 0 };
  }

  /** How many keys hold a bucket that is not full (the rest cost no memory). */
  get size(): number {
    return this.fullAt.size;
  }

  /** A full bucket is the same as none: forget it, so memory follows the keys active in the last refill. */
  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [key, fullAt] of this.fullAt) if (fullAt <= now) this.fullAt.delete(key);
  }
}
