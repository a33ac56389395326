import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, retryDelayMs } from './retry-schedule';

const MINUTE = 60_000;

describe('retry schedule', () => {
  it('backs off exponentially over about three days and at least 8 attempts', () => {
    const exact = (n: number) => retryDelayMs(n, { scale: 1, random: () => 0.5 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(exact)).toEqual([1, 5, 30, 120, 300, 600, 1440, 1440].map((m) => m * MINUTE));
    expect(MAX_ATTEMPTS).toBeGreaterThanOrEqual(9);
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total / 86_400_000).toBeGreaterThan(2.5);
    expect(total / 86_400_000).toBeLessThan(3.5);
    for (let n = 1; n < MAX_ATTEMPTS - 1; n++) expect(exact(n + 1)!).toBeGreaterThanOrEqual(exact(n)!);
  });

  it('adds ±20% jitter, scales for tests, and stops after the last attempt', () => {
    expect(retryDelayMs(1, { scale: 1, random: () => 0 })).toBe(0.8 * MINUTE);
    expect(retryDelayMs(1, { scale: 1, random: () => 1 })).toBe(1.2 * MINUTE);
    expect(retryDelayMs(1, { scale: 0.001, random: () => 0.5 })).toBe(60);
    expect(retryDelayMs(0)).toBeNull();
    expect(retryDelayMs(MAX_ATTEMPTS)).toBeNull();
  });
});
